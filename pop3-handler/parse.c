/*
 * parse.c - POP3 command-line syntax, numbers, language ranges and the
 * response-code table.  No I/O, no state: fuzz/fuzz_pop3_command.c feeds
 * it arbitrary bytes.  Interface: pop3.h.
 *
 * RFC 1939 3: a command is a case-insensitive keyword of three or four
 * characters, possibly followed by arguments separated by a single SPACE,
 * ended by CRLF (the stream has removed the line end).  We also accept
 * runs of blanks between arguments (clients differ), but never control
 * bytes; bytes >= 0x80 only as valid UTF-8 (RFC 6856 2.2, user names and
 * passwords).
 */
#include <string.h>

#include "pop3.h"
#include "sasl.h"
#include "util.h"

static bool is_alnum(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

static bool is_alpha(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

int pop3_parse_line(const char *line, size_t len, struct pop3_line *out)
{
	bool high = false;
	size_t i, k;

	memset(out, 0, sizeof(*out));
	out->rest.p = line + len;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)line[i];

		if (c < 0x20 || c == 0x7f)
			return POP3_PARSE_CONTROL;
		if (c >= 0x80)
			high = true;
	}
	if (high && !utf8_valid(line, len))
		return POP3_PARSE_UTF8;

	i = 0;
	while (i < len && line[i] == ' ')
		i++;
	if (i == len)
		return POP3_PARSE_EMPTY;
	if (i > 0)
		return POP3_PARSE_KEYWORD;  /* a keyword starts the line */
	for (k = 0; k < len && line[k] != ' '; k++)
		if (!is_alnum((unsigned char)line[k]))
			return POP3_PARSE_KEYWORD;
	if (k > POP3_KEYWORD_MAX)
		return POP3_PARSE_KEYWORD;
	out->name.p = line;
	out->name.len = k;
	if (k < len) {
		out->rest.p = line + k + 1;
		out->rest.len = len - k - 1;
	}
	i = k;
	for (;;) {
		size_t start;

		while (i < len && line[i] == ' ')
			i++;
		if (i == len)
			break;
		start = i;
		while (i < len && line[i] != ' ')
			i++;
		if (out->argc == POP3_MAX_ARGS) {
			out->too_many = true;
			break;
		}
		out->argv[out->argc].p = line + start;
		out->argv[out->argc].len = i - start;
		out->argc++;
	}
	return POP3_PARSE_OK;
}

bool pop3_token_is(const struct pop3_token *t, const char *kw)
{
	size_t n = strlen(kw);

	if (t->len != n)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)t->p[i];

		if (c >= 'a' && c <= 'z')
			c = (unsigned char)(c - 'a' + 'A');
		if (c != (unsigned char)kw[i])
			return false;
	}
	return true;
}

bool pop3_parse_number(const struct pop3_token *t, uint64_t *v)
{
	return util_parse_u64(t->p, t->len, v);
}

bool pop3_lang_range_valid(const struct pop3_token *t)
{
	size_t i = 0, run;

	if (t->len == 1 && t->p[0] == '*')
		return true;
	/* primary subtag: 1*8ALPHA */
	for (run = 0; i < t->len && t->p[i] != '-'; i++, run++)
		if (!is_alpha((unsigned char)t->p[i]))
			return false;
	if (run < 1 || run > 8)
		return false;
	while (i < t->len) {
		i++;  /* the '-' */
		for (run = 0; i < t->len && t->p[i] != '-'; i++, run++)
			if (!is_alnum((unsigned char)t->p[i]))
				return false;
		if (run < 1 || run > 8)
			return false;
	}
	return true;
}

const char *pop3_lang_pick(const struct pop3_token *t)
{
	/* We serve one language, "en".  "*" asks for the server's choice;
	 * a range whose primary subtag is "en" ("en-GB") falls back to it as
	 * RFC 4647 3.4 lookup does. */
	if (!pop3_lang_range_valid(t))
		return NULL;
	if (t->len == 1 && t->p[0] == '*')
		return "en";
	if (t->len >= 2 && (t->p[0] == 'e' || t->p[0] == 'E') && (t->p[1] == 'n' || t->p[1] == 'N') &&
	    (t->len == 2 || t->p[2] == '-'))
		return "en";
	return NULL;
}

const char *pop3_code_name(enum pop3_code code)
{
	static const char *const names[] = {
		[P3C_NONE] = NULL,
		[P3C_AUTH] = "AUTH",
		[P3C_SYS_TEMP] = "SYS/TEMP",
		[P3C_SYS_PERM] = "SYS/PERM",
		[P3C_IN_USE] = "IN-USE",
		[P3C_LOGIN_DELAY] = "LOGIN-DELAY",
	};

	if ((size_t)code >= sizeof(names) / sizeof(names[0]))
		return NULL;
	return names[code];
}
