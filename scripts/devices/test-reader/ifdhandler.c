/*
 * Loket's test reader: a PC/SC IFD handler (pcsc-lite's driver interface, version 3) for
 * the tests only. pcscd loads it through its libudev hot-plug when a umockdev testbed
 * plugs in the USB device its Info.plist names, and drops it when the device is pulled
 * out — so the tests see a reader come and go while pcscd keeps running, which the
 * virtual reader of vsmartcard (declared in reader.conf) never does.
 *
 * There is no hardware behind it. A contactless card lies on the reader while the file
 * named by LOKET_TEST_CARD_FILE (in pcscd's environment) holds its UID in hex, 4 to 10
 * bytes; the test writes the file to put a card down and removes it to take the card
 * away (pcscd asks for presence several times a second). The card answers GET DATA for
 * the UID (FF CA 00 00 00) with the UID and 90 00, anything else with 6D 00.
 *
 * Built by the tests (scripts/devices/test-reader/build): never installed on a terminal.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ifdhandler.h>
#include <reader.h>

/* A contactless storage card's ATR as PC/SC part 3 builds it (MIFARE Classic 1K). */
static const UCHAR atr[] = {0x3B, 0x8F, 0x80, 0x01, 0x80, 0x4F, 0x0C, 0xA0, 0x00, 0x00,
	0x03, 0x06, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x6A};

static UCHAR uid[10];
static DWORD uidLength;

static int hexValue(char c)
{
	if (c >= '0' && c <= '9') return c - '0';
	c = (char)tolower((unsigned char)c);
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	return -1;
}

/* Reads the card file: no card when it is absent or not 4 to 10 bytes of hex. */
static void readCard(void)
{
	const char *path = getenv("LOKET_TEST_CARD_FILE");
	char text[32] = {0};
	size_t length = 0;
	FILE *file = path ? fopen(path, "r") : NULL;
	uidLength = 0;
	if (file) {
		length = fread(text, 1, sizeof(text) - 1, file);
		fclose(file);
	}
	while (length > 0 && isspace((unsigned char)text[length - 1])) length--;
	if (length < 8 || length > 20 || length % 2) return;
	for (size_t i = 0; i < length; i += 2) {
		int high = hexValue(text[i]), low = hexValue(text[i + 1]);
		if (high < 0 || low < 0) return;
		uid[i / 2] = (UCHAR)(high * 16 + low);
	}
	uidLength = (DWORD)(length / 2);
}

RESPONSECODE IFDHCreateChannelByName(DWORD Lun, LPSTR DeviceName)
{
	(void)Lun;
	(void)DeviceName;
	readCard();
	return IFD_SUCCESS;
}

RESPONSECODE IFDHCreateChannel(DWORD Lun, DWORD Channel)
{
	(void)Lun;
	(void)Channel;
	readCard();
	return IFD_SUCCESS;
}

RESPONSECODE IFDHCloseChannel(DWORD Lun)
{
	(void)Lun;
	return IFD_SUCCESS;
}

RESPONSECODE IFDHGetCapabilities(DWORD Lun, DWORD Tag, PDWORD Length, PUCHAR Value)
{
	(void)Lun;
	switch (Tag) {
	case TAG_IFD_ATR:
	case SCARD_ATTR_ATR_STRING:
		if (uidLength == 0 || *Length < sizeof(atr)) return IFD_ERROR_TAG;
		memcpy(Value, atr, sizeof(atr));
		*Length = sizeof(atr);
		return IFD_SUCCESS;
	case TAG_IFD_SLOTS_NUMBER:
	case TAG_IFD_SIMULTANEOUS_ACCESS:
		if (*Length < 1) return IFD_ERROR_TAG;
		*Value = 1;
		*Length = 1;
		return IFD_SUCCESS;
	case TAG_IFD_THREAD_SAFE:
	case TAG_IFD_SLOT_THREAD_SAFE:
		if (*Length < 1) return IFD_ERROR_TAG;
		*Value = 0;
		*Length = 1;
		return IFD_SUCCESS;
	default:
		return IFD_ERROR_TAG;
	}
}

RESPONSECODE IFDHSetCapabilities(DWORD Lun, DWORD Tag, DWORD Length, PUCHAR Value)
{
	(void)Lun;
	(void)Tag;
	(void)Length;
	(void)Value;
	return IFD_NOT_SUPPORTED;
}

RESPONSECODE IFDHSetProtocolParameters(DWORD Lun, DWORD Protocol, UCHAR Flags, UCHAR PTS1,
	UCHAR PTS2, UCHAR PTS3)
{
	(void)Lun;
	(void)Flags;
	(void)PTS1;
	(void)PTS2;
	(void)PTS3;
	return Protocol == SCARD_PROTOCOL_T1 ? IFD_SUCCESS : IFD_PROTOCOL_NOT_SUPPORTED;
}

RESPONSECODE IFDHPowerICC(DWORD Lun, DWORD Action, PUCHAR Atr, PDWORD AtrLength)
{
	(void)Lun;
	if (uidLength == 0) {
		*AtrLength = 0;
		return IFD_ICC_NOT_PRESENT;
	}
	if (Action == IFD_POWER_DOWN) {
		*AtrLength = 0;
		return IFD_SUCCESS;
	}
	if (*AtrLength < sizeof(atr)) return IFD_ERROR_INSUFFICIENT_BUFFER;
	memcpy(Atr, atr, sizeof(atr));
	*AtrLength = sizeof(atr);
	return IFD_SUCCESS;
}

RESPONSECODE IFDHTransmitToICC(DWORD Lun, SCARD_IO_HEADER SendPci, PUCHAR TxBuffer,
	DWORD TxLength, PUCHAR RxBuffer, PDWORD RxLength, PSCARD_IO_HEADER RecvPci)
{
	static const UCHAR getUID[] = {0xFF, 0xCA, 0x00, 0x00, 0x00};
	(void)Lun;
	(void)SendPci;
	(void)RecvPci;
	if (uidLength == 0) {
		*RxLength = 0;
		return IFD_ICC_NOT_PRESENT;
	}
	if (TxLength == sizeof(getUID) && memcmp(TxBuffer, getUID, sizeof(getUID)) == 0) {
		if (*RxLength < uidLength + 2) return IFD_ERROR_INSUFFICIENT_BUFFER;
		memcpy(RxBuffer, uid, uidLength);
		RxBuffer[uidLength] = 0x90;
		RxBuffer[uidLength + 1] = 0x00;
		*RxLength = uidLength + 2;
		return IFD_SUCCESS;
	}
	if (*RxLength < 2) return IFD_ERROR_INSUFFICIENT_BUFFER;
	RxBuffer[0] = 0x6D;
	RxBuffer[1] = 0x00;
	*RxLength = 2;
	return IFD_SUCCESS;
}

RESPONSECODE IFDHControl(DWORD Lun, DWORD dwControlCode, PUCHAR TxBuffer, DWORD TxLength,
	PUCHAR RxBuffer, DWORD RxLength, LPDWORD pdwBytesReturned)
{
	(void)Lun;
	(void)dwControlCode;
	(void)TxBuffer;
	(void)TxLength;
	(void)RxBuffer;
	(void)RxLength;
	*pdwBytesReturned = 0;
	return IFD_ERROR_NOT_SUPPORTED;
}

RESPONSECODE IFDHICCPresence(DWORD Lun)
{
	(void)Lun;
	readCard();
	return uidLength ? IFD_ICC_PRESENT : IFD_ICC_NOT_PRESENT;
}
