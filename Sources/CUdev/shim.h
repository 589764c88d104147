// libudev (Debian: libudev-dev): device enumeration and the hot-plug monitor.
#include <libudev.h>
