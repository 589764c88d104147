// libcups (Debian: libcups2-dev): IPP requests to a CUPS scheduler or straight to an IPP
// printer. libcups has no pkg-config file; `cups-config --libs` says -lcups.
#include <cups/cups.h>
