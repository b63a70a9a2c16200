/*
 * base64.h - strict RFC 4648 section 4 base64.
 *
 * Owns: encoding and strict decoding (used by SASL now, MIME later).
 * Strict: only the 64 letters, '=' padding only at the end and only to a
 * multiple of 4, no blanks or line breaks, non-zero pad bits refused.
 */
#ifndef ZM_BASE64_H
#define ZM_BASE64_H

#include <stddef.h>

/* Bytes needed to encode/decode len input bytes (decode: upper bound). */
size_t base64_encoded_len(size_t len);
size_t base64_decoded_max(size_t len);

/* Encode; out must hold base64_encoded_len(len)+1 bytes; NUL-terminated.
 * Returns the length written (without the NUL). */
size_t base64_encode(const void *in, size_t len, char *out);

/* Strict decode of in[0..len) into out (outmax bytes).  Returns the decoded
 * length, or -1 on any malformation or if out is too small. */
long base64_decode(const char *in, size_t len, void *out, size_t outmax);

#endif
