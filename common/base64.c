/*
 * base64.c - strict RFC 4648 section 4 base64 (interface: base64.h).
 *
 * RFC 4648 4: the 64-letter alphabet A-Z a-z 0-9 + / and '=' padding to a
 * multiple of 4 characters.  3.3: characters outside the alphabet are
 * rejected (no blanks, no line breaks).  3.5: the unused ("pad") bits of the
 * last letter before '=' must be zero, or the text is rejected.
 *
 * Letters are mapped arithmetically (no table indexed by secret data, no
 * branch on it); the one branch taken on content is the final verdict.
 */
#include <limits.h>
#include <stdint.h>

#include "base64.h"

/* -1 (all bits set) when lo <= c <= hi, else 0; c, lo, hi in 0..255.
 * Relies on arithmetic right shift of a negative int (gcc, clang). */
static int ct_in_range(int c, int lo, int hi)
{
	return ((lo - 1 - c) & (c - hi - 1)) >> 8;
}

/* Value 0..63 of a base64 letter, or -1 for anything else. */
static int ct_letter_value(unsigned char ch)
{
	int c = ch;
	int v = -1;

	v += ct_in_range(c, 'A', 'Z') & (c - 'A' + 1);
	v += ct_in_range(c, 'a', 'z') & (c - 'a' + 26 + 1);
	v += ct_in_range(c, '0', '9') & (c - '0' + 52 + 1);
	v += ct_in_range(c, '+', '+') & (62 + 1);
	v += ct_in_range(c, '/', '/') & (63 + 1);
	return v;
}

/* The letter for a value 0..63. */
static char ct_letter(unsigned v)
{
	int i = (int)(v & 63);
	int c = 'A' + i;

	c += ((25 - i) >> 8) & ('a' - 'A' - 26);  /* i >= 26: a-z */
	c += ((51 - i) >> 8) & ('0' - 'a' - 26);  /* i >= 52: 0-9 */
	c += ((61 - i) >> 8) & ('+' - '0' - 10);  /* i == 62: '+' */
	c += ((62 - i) >> 8) & ('/' - '+' - 1);   /* i == 63: '/' */
	return (char)c;
}

size_t base64_encoded_len(size_t len)
{
	size_t groups = len / 3 + (len % 3 != 0);

	if (groups > SIZE_MAX / 4)
		return SIZE_MAX;
	return groups * 4;
}

size_t base64_decoded_max(size_t len)
{
	return (len / 4 + (len % 4 != 0)) * 3;
}

size_t base64_encode(const void *in, size_t len, char *out)
{
	const unsigned char *p = in;
	size_t o = 0;
	size_t i = 0;

	for (; len - i >= 3; i += 3) {
		uint32_t w = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];

		out[o++] = ct_letter(w >> 18);
		out[o++] = ct_letter(w >> 12);
		out[o++] = ct_letter(w >> 6);
		out[o++] = ct_letter(w);
	}
	if (len - i == 1) {
		uint32_t w = (uint32_t)p[i] << 16;

		out[o++] = ct_letter(w >> 18);
		out[o++] = ct_letter(w >> 12);
		out[o++] = '=';
		out[o++] = '=';
	} else if (len - i == 2) {
		uint32_t w = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8;

		out[o++] = ct_letter(w >> 18);
		out[o++] = ct_letter(w >> 12);
		out[o++] = ct_letter(w >> 6);
		out[o++] = '=';
	}
	out[o] = '\0';
	return o;
}

/* Number of '=' at the end of a length-checked (multiple of 4, non-empty)
 * text: 0, 1 or 2.  A third '=' is left to the letter check to refuse. */
static size_t pad_count(const char *in, size_t len)
{
	if (in[len - 1] != '=')
		return 0;
	return in[len - 2] == '=' ? 2 : 1;
}

long base64_decoded_len(const char *in, size_t len)
{
	size_t pads, letters, i;
	int bad = 0;

	if (len == 0)
		return 0;
	if (len % 4 != 0 || len / 4 > (size_t)LONG_MAX / 3)
		return -1;
	pads = pad_count(in, len);
	letters = len - pads;
	for (i = 0; i < letters; i++)
		bad |= ct_letter_value((unsigned char)in[i]);
	/* RFC 4648 3.5: the bits below the last letter's used bits must be 0. */
	if (pads == 2)
		bad |= -((ct_letter_value((unsigned char)in[len - 3]) & 0x0f) != 0);
	else if (pads == 1)
		bad |= -((ct_letter_value((unsigned char)in[len - 2]) & 0x03) != 0);
	if (bad < 0)
		return -1;
	return (long)(len / 4 * 3 - pads);
}

long base64_decode(const char *in, size_t len, void *out, size_t outmax)
{
	unsigned char *o = out;
	long n = base64_decoded_len(in, len);
	size_t pads, full, i, k = 0;

	if (n < 0 || (size_t)n > outmax)
		return -1;
	if (n == 0)
		return 0;
	pads = pad_count(in, len);
	full = pads ? len - 4 : len;    /* quads without padding */
	for (i = 0; i < full; i += 4) {
		uint32_t w = (uint32_t)ct_letter_value((unsigned char)in[i]) << 18 |
			(uint32_t)ct_letter_value((unsigned char)in[i + 1]) << 12 |
			(uint32_t)ct_letter_value((unsigned char)in[i + 2]) << 6 |
			(uint32_t)ct_letter_value((unsigned char)in[i + 3]);

		o[k++] = (unsigned char)(w >> 16);
		o[k++] = (unsigned char)(w >> 8);
		o[k++] = (unsigned char)w;
	}
	if (pads) {
		uint32_t w = (uint32_t)ct_letter_value((unsigned char)in[i]) << 18 |
			(uint32_t)ct_letter_value((unsigned char)in[i + 1]) << 12;

		if (pads == 1)
			w |= (uint32_t)ct_letter_value((unsigned char)in[i + 2]) << 6;
		o[k++] = (unsigned char)(w >> 16);
		if (pads == 1)
			o[k++] = (unsigned char)(w >> 8);
	}
	return (long)k;
}
