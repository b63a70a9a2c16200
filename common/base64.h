/*
 * base64.h - strict RFC 4648 section 4 base64.
 *
 * Owns: encoding and strict decoding (used by SASL now, MIME later).
 * Strict: only the 64 letters, '=' padding only at the end and only to a
 * multiple of 4, no blanks or line breaks, non-zero pad bits refused
 * (RFC 4648 3.3 and 3.5: a decoder MAY reject them; we do, so that every
 * byte string has exactly one accepted encoding).
 *
 * The letters are mapped without table look-ups or data-dependent branches,
 * so decoding a password does not leak it through cache timing; only the
 * lengths and the valid/invalid verdict are observable.
 */
#ifndef ZM_BASE64_H
#define ZM_BASE64_H

#include <stddef.h>

/* Bytes needed to encode len input bytes (without the NUL); SIZE_MAX if
 * that would overflow. */
size_t base64_encoded_len(size_t len);

/* Upper bound of the bytes that len bytes of base64 decode to. */
size_t base64_decoded_max(size_t len);

/* Encode; out must hold base64_encoded_len(len)+1 bytes; NUL-terminated.
 * Returns the length written (without the NUL). */
size_t base64_encode(const void *in, size_t len, char *out);

/* Exact decoded length of in[0..len) if it is strict base64, else -1.
 * Writes nothing; lets a caller tell "malformed" from "too long". */
long base64_decoded_len(const char *in, size_t len);

/* Strict decode of in[0..len) into out (outmax bytes).  Returns the decoded
 * length, or -1 on any malformation or if out is too small; on -1 nothing
 * has been written to out.  The empty string decodes to 0 bytes. */
long base64_decode(const char *in, size_t len, void *out, size_t outmax);

#endif
