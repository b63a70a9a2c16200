/*
 * fuzz_stream_line.c - libFuzzer target for stream.c's readers.
 *
 * The input goes into a memfd used as in_fd (reads never block, EOF comes
 * at its end).  Byte 0 picks max_line (0..63), byte 1 a pattern mixing
 * stream_read_line with stream_read_some and stream_read_exact; the rest
 * is the peer's data.  Checks: a line never exceeds max_line and never
 * holds an LF; the reads end in EOF; every byte is accounted for.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "stream.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_INPUT (256 * 1024)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct stream *s;
	size_t max_line, consumed = 0, total;
	unsigned pattern;
	int fd, i;

	if (size < 2)
		return 0;
	max_line = data[0] & 63;
	pattern = data[1];
	data += 2;
	size -= 2;
	if (size > MAX_INPUT)
		size = MAX_INPUT;
	total = size;
	fd = memfd_create("fuzz", MFD_CLOEXEC);
	if (fd < 0)
		abort();
	if (size > 0 && write(fd, data, size) != (ssize_t)size)
		abort();
	if (lseek(fd, 0, SEEK_SET) != 0)
		abort();
	s = stream_new(fd, fd, max_line);
	if (s == NULL)
		abort();
	stream_set_idle_timeout(s, 1000);
	/* each op consumes at least one byte or ends the loop */
	for (i = 0; i <= MAX_INPUT + 1; i++) {
		const char *line;
		size_t len, got;
		bool crlf;
		char buf[8];
		int op = (pattern >> ((unsigned)i % 8)) & 1 ? (i % 3) : 0;
		int r;

		if (op == 0) {
			r = stream_read_line(s, &line, &len, &crlf);
			if (r == STREAM_OK) {
				if (len > max_line || memchr(line, '\n', len) != NULL)
					abort();
				consumed += len + (crlf ? 2 : 1);
			}
		} else if (op == 1) {
			r = stream_read_some(s, buf, 1 + (unsigned)i % sizeof(buf), &got);
			if (r == STREAM_OK) {
				if (got == 0 || got > sizeof(buf))
					abort();
				consumed += got;
			}
		} else {
			r = stream_read_exact(s, buf, 3);
			if (r == STREAM_OK)
				consumed += 3;
		}
		if (r == STREAM_EOF)
			break;
		if (r != STREAM_OK && r != STREAM_TOOLONG)
			abort();
	}
	if (consumed > total || stream_bytes_in(s) != total)
		abort();
	stream_free(s);
	close(fd);
	return 0;
}
