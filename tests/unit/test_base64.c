/*
 * test_base64.c - strict RFC 4648 base64: the section 10 test vectors both
 * ways, every kind of malformation, buffer limits, and a round trip of
 * every byte value at every length up to a few blocks.
 */
#include <stdint.h>
#include <string.h>

#include "base64.h"
#include "tap.h"

/* RFC 4648 section 10. */
static const struct { const char *raw, *b64; } vectors[] = {
	{ "", "" },
	{ "f", "Zg==" },
	{ "fo", "Zm8=" },
	{ "foo", "Zm9v" },
	{ "foob", "Zm9vYg==" },
	{ "fooba", "Zm9vYmE=" },
	{ "foobar", "Zm9vYmFy" },
};

static long dec(const char *s, void *out, size_t outmax)
{
	return base64_decode(s, strlen(s), out, outmax);
}

static void test_rfc4648_encode(void)
{
	char out[64];
	size_t i;

	for (i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		size_t n = base64_encode(vectors[i].raw, strlen(vectors[i].raw), out);

		CHECK_EQ_INT(n, strlen(vectors[i].b64));
		CHECK_EQ_INT(base64_encoded_len(strlen(vectors[i].raw)), n);
		CHECK_EQ_STR(out, vectors[i].b64);
	}
}

static void test_rfc4648_decode(void)
{
	char out[64];
	size_t i;

	for (i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		long n = dec(vectors[i].b64, out, sizeof(out));

		CHECK_EQ_INT(n, strlen(vectors[i].raw));
		if (n >= 0)
			CHECK_MEM(out, (size_t)n, vectors[i].raw, strlen(vectors[i].raw));
		CHECK_EQ_INT(base64_decoded_len(vectors[i].b64, strlen(vectors[i].b64)), n);
		CHECK(base64_decoded_max(strlen(vectors[i].b64)) >= (size_t)n);
	}
}

static void test_empty(void)
{
	char out[1] = { 'x' };

	CHECK_EQ_INT(base64_decode("", 0, out, 0), 0);
	CHECK_EQ_INT(base64_decode("", 0, out, sizeof(out)), 0);
	CHECK_EQ_INT(out[0], 'x');
	CHECK_EQ_INT(base64_encode("", 0, out), 0);
	CHECK_EQ_INT(out[0], '\0');
}

static void test_alphabet(void)
{
	/* All 64 letters in order: 48 bytes 0x00 0x10 0x83 ... */
	static const char all[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	unsigned char raw[48];
	char back[65];
	long n = dec(all, raw, sizeof(raw));

	CHECK_EQ_INT(n, 48);
	CHECK_EQ_INT(raw[0], 0x00);
	CHECK_EQ_INT(raw[1], 0x10);
	CHECK_EQ_INT(raw[2], 0x83);
	CHECK_EQ_INT(raw[47], 0xbf);
	CHECK_EQ_INT(base64_encode(raw, 48, back), 64);
	CHECK_EQ_STR(back, all);
}

static void test_bad_letters(void)
{
	static const char *bad[] = {
		"Zm9v!A==", "Zm9-", "Zm9_", "Zm9\x80", "Zm9\xff", "Zm.v",
		"Zm9v\x01\x02\x03\x04", "*m9v",
	};
	char out[16];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK_EQ_INT(dec(bad[i], out, sizeof(out)), -1);
		CHECK_EQ_INT(base64_decoded_len(bad[i], strlen(bad[i])), -1);
	}
	/* A NUL byte inside the text (explicit length). */
	CHECK_EQ_INT(base64_decode("Zm\0v", 4, out, sizeof(out)), -1);
}

static void test_blanks_and_line_breaks(void)
{
	static const char *bad[] = {
		"Zm9v Yg==", " Zm9vYmFy", "Zm9vYmFy ", "Zm9v\r\nYmFy", "Zm9v\nYmFy",
		"Zm9vYmFy\r\n", "Zm9\tv", "Zm9vYg==\n", "Zg= =",
	};
	char out[16];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK_EQ_INT(dec(bad[i], out, sizeof(out)), -1);
}

static void test_padding(void)
{
	char out[16];

	/* '=' in the middle. */
	CHECK_EQ_INT(dec("Zg==Zm9v", out, sizeof(out)), -1);
	CHECK_EQ_INT(dec("Zm=v", out, sizeof(out)), -1);
	CHECK_EQ_INT(dec("Z=9v", out, sizeof(out)), -1);
	CHECK_EQ_INT(dec("=m9v", out, sizeof(out)), -1);
	/* Wrong padding count. */
	CHECK_EQ_INT(dec("Z===", out, sizeof(out)), -1);
	CHECK_EQ_INT(dec("====", out, sizeof(out)), -1);
	CHECK_EQ_INT(dec("Zg=", out, sizeof(out)), -1);
	CHECK_EQ_INT(dec("Zg", out, sizeof(out)), -1);      /* padding omitted */
	CHECK_EQ_INT(dec("Zm8", out, sizeof(out)), -1);
	CHECK_EQ_INT(dec("Zg===", out, sizeof(out)), -1);
	CHECK_EQ_INT(dec("Zg======", out, sizeof(out)), -1);
	CHECK_EQ_INT(dec("Zm8==", out, sizeof(out)), -1);
	CHECK_EQ_INT(dec("=", out, sizeof(out)), -1);
	CHECK_EQ_INT(dec("==", out, sizeof(out)), -1);
	/* A full quad followed by pad-only quad. */
	CHECK_EQ_INT(dec("Zm9v====", out, sizeof(out)), -1);
}

static void test_length_not_multiple_of_4(void)
{
	char out[16];

	CHECK_EQ_INT(dec("Z", out, sizeof(out)), -1);
	CHECK_EQ_INT(dec("Zm9", out, sizeof(out)), -1);
	CHECK_EQ_INT(dec("Zm9vY", out, sizeof(out)), -1);
	CHECK_EQ_INT(dec("Zm9vYmF", out, sizeof(out)), -1);
	CHECK_EQ_INT(dec("Zm9vYmFyZ", out, sizeof(out)), -1);
}

static void test_pad_bits(void)
{
	char out[16];

	/* RFC 4648 3.5: "Zh==" has non-zero bits under the padding. */
	CHECK_EQ_INT(dec("Zg==", out, sizeof(out)), 1);
	CHECK_EQ_INT(dec("Zh==", out, sizeof(out)), -1);
	CHECK_EQ_INT(dec("Zv==", out, sizeof(out)), -1);
	CHECK_EQ_INT(dec("Zm8=", out, sizeof(out)), 2);
	CHECK_EQ_INT(dec("Zm9=", out, sizeof(out)), -1);
	CHECK_EQ_INT(dec("Zm+=", out, sizeof(out)), -1);
	CHECK_EQ_INT(dec("Zm/=", out, sizeof(out)), -1);
	CHECK_EQ_INT(dec("Zm4=", out, sizeof(out)), 2);
}

static void test_output_too_small(void)
{
	unsigned char out[8];

	memset(out, 0xaa, sizeof(out));
	CHECK_EQ_INT(dec("Zm9vYmFy", out, 5), -1);
	CHECK_EQ_INT(dec("Zm9vYmE=", out, 4), -1);
	CHECK_EQ_INT(dec("Zg==", out, 0), -1);
	CHECK_EQ_INT(out[0], 0xaa);               /* nothing written */
	CHECK_EQ_INT(dec("Zm9vYmFy", out, 6), 6);  /* exact fit */
	CHECK_MEM(out, 6, "foobar", 6);
	CHECK_EQ_INT(out[6], 0xaa);
	CHECK_EQ_INT(dec("Zm9vYmE=", out, 5), 5);
}

static void test_round_trip_all_bytes(void)
{
	unsigned char raw[200], back[200];
	char b64[300];
	size_t len, i;
	int bad = 0;

	for (i = 0; i < sizeof(raw); i++)
		raw[i] = (unsigned char)(i * 37 + 11);
	for (len = 0; len <= sizeof(raw); len++) {
		size_t n = base64_encode(raw, len, b64);
		long m;

		if (n != base64_encoded_len(len) || strlen(b64) != n)
			bad++;
		m = base64_decode(b64, n, back, sizeof(back));
		if (m != (long)len || memcmp(raw, back, len) != 0)
			bad++;
		if (base64_decoded_max(n) < len)
			bad++;
	}
	CHECK_EQ_INT(bad, 0);
	/* Every byte value in the first position. */
	for (i = 0; i < 256; i++) {
		unsigned char one = (unsigned char)i, got = 0;

		base64_encode(&one, 1, b64);
		if (base64_decode(b64, 4, &got, 1) != 1 || got != one)
			bad++;
	}
	CHECK_EQ_INT(bad, 0);
}

static void test_every_single_char(void)
{
	/* Each byte value as the first of "?AAA": only the 64 letters pass. */
	char in[4] = { 0, 'A', 'A', 'A' };
	unsigned char out[3];
	int ok = 0, c;

	for (c = 0; c < 256; c++) {
		in[0] = (char)c;
		if (base64_decode(in, 4, out, sizeof(out)) == 3)
			ok++;
	}
	CHECK_EQ_INT(ok, 64);
}

static void test_encoded_len_overflow(void)
{
	CHECK_EQ_INT(base64_encoded_len(0), 0);
	CHECK_EQ_INT(base64_encoded_len(1), 4);
	CHECK_EQ_INT(base64_encoded_len(3), 4);
	CHECK_EQ_INT(base64_encoded_len(4), 8);
	CHECK(base64_encoded_len(SIZE_MAX) == SIZE_MAX);
	CHECK(base64_encoded_len(SIZE_MAX / 4 * 3) == SIZE_MAX / 4 * 4);
}

int main(void)
{
	RUN(test_rfc4648_encode);
	RUN(test_rfc4648_decode);
	RUN(test_empty);
	RUN(test_alphabet);
	RUN(test_bad_letters);
	RUN(test_blanks_and_line_breaks);
	RUN(test_padding);
	RUN(test_length_not_multiple_of_4);
	RUN(test_pad_bits);
	RUN(test_output_too_small);
	RUN(test_round_trip_all_bytes);
	RUN(test_every_single_char);
	RUN(test_encoded_len_overflow);
	return tap_done();
}
