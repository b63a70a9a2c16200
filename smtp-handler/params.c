/*
 * params.c - MAIL FROM: and RCPT TO: arguments and their ESMTP parameters.
 * See params.h.
 */
#include <string.h>
#include <strings.h>

#include "params.h"
#include "util.h"

static int refuse(struct smtp_refusal *why, int code, const char *enhanced, const char *text)
{
	why->code = code;
	why->enhanced = enhanced;
	why->text = text;
	return -1;
}

bool smtp_xtext_valid(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '+') {
			/* RFC 3461 4: "+" followed by two upper-case hex digits */
			if (i + 2 >= len)
				return false;
			for (int k = 1; k <= 2; k++) {
				unsigned char h = (unsigned char)s[i + (size_t)k];

				if (!((h >= '0' && h <= '9') || (h >= 'A' && h <= 'F')))
					return false;
			}
			i += 2;
		} else if (c < 33 || c > 126 || c == '=') {
			return false;
		}
	}
	return true;
}

/* Skip "KEYWORD:" (any case) and the blanks around the colon.  Returns the
 * offset of the path, or -1. */
static long skip_keyword(const char *arg, size_t len, const char *kw)
{
	size_t i = 0, kl = strlen(kw);

	/* one space after the verb is the grammar; tolerate more */
	while (i < len && arg[i] == ' ')
		i++;
	if (len - i < kl || strncasecmp(arg + i, kw, kl) != 0)
		return -1;
	i += kl;
	while (i < len && arg[i] == ' ')
		i++;
	if (i >= len || arg[i] != ':')
		return -1;
	i++;
	while (i < len && arg[i] == ' ')
		i++;
	return (long)i;
}

/* One parameter: keyword[0..klen) and value[0..vlen) (value NULL when no
 * '=' was given). */
struct param {
	const char *kw;
	size_t klen;
	const char *val;
	size_t vlen;
};

/* Split the next parameter from s[*pos..len).  Returns 1 with *p, 0 at the
 * end, -1 on a syntax error. */
static int next_param(const char *s, size_t len, size_t *pos, bool utf8_values, struct param *p)
{
	size_t i = *pos, start;

	while (i < len && s[i] == ' ')
		i++;
	if (i >= len) {
		*pos = i;
		return 0;
	}
	start = i;
	/* esmtp-keyword = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-") */
	while (i < len && s[i] != ' ' && s[i] != '=') {
		unsigned char c = (unsigned char)s[i];

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      (c == '-' && i > start)))
			return -1;
		i++;
	}
	if (i == start)
		return -1;
	p->kw = s + start;
	p->klen = i - start;
	p->val = NULL;
	p->vlen = 0;
	if (i < len && s[i] == '=') {
		i++;
		start = i;
		/* esmtp-value = 1*(%d33-60 / %d62-126); RFC 6531 3.3 adds UTF-8 */
		while (i < len && s[i] != ' ') {
			unsigned char c = (unsigned char)s[i];

			if (c == '=' || c < 33 || (c > 126 && !(utf8_values && c >= 0x80)))
				return -1;
			i++;
		}
		if (i == start)
			return -1;
		p->val = s + start;
		p->vlen = i - start;
	}
	*pos = i;
	return 1;
}

static bool kw_is(const struct param *p, const char *name)
{
	return p->klen == strlen(name) && strncasecmp(p->kw, name, p->klen) == 0;
}

static bool val_is(const struct param *p, const char *v)
{
	return p->val && p->vlen == strlen(v) && strncasecmp(p->val, v, p->vlen) == 0;
}

/* The path at arg[*off..len): must be followed by the end or a space. */
static int parse_path(const char *arg, size_t len, size_t *off, unsigned flags,
		      struct mail_address *addr, bool is_sender, struct smtp_refusal *why)
{
	size_t used = 0;
	int r = address_parse(arg + *off, len - *off, flags, addr, &used);
	const char *enh = is_sender ? "5.1.7" : "5.1.3";

	if (r == ADDR_TOO_LONG)
		return refuse(why, 501, enh, is_sender ? "Sender address too long" : "Recipient address too long");
	if (r != ADDR_OK)
		return refuse(why, 501, enh, is_sender ? "Bad sender address syntax" : "Bad recipient address syntax");
	*off += used;
	if (*off < len && arg[*off] != ' ')
		return refuse(why, 501, "5.5.4", "Syntax error after the address");
	return 0;
}

int smtp_parse_mail(const char *arg, size_t len, struct mail_address *addr,
		    struct mail_params *p, struct smtp_refusal *why)
{
	long o = skip_keyword(arg, len, "FROM");
	size_t pos;
	struct param prm;
	int r;

	memset(p, 0, sizeof(*p));
	if (o < 0)
		return refuse(why, 501, "5.5.4", "Syntax: MAIL FROM:<address> [parameters]");
	pos = (size_t)o;
	if (parse_path(arg, len, &pos, ADDR_ALLOW_NULL | ADDR_ALLOW_UTF8, addr, true, why) != 0)
		return -1;
	while ((r = next_param(arg, len, &pos, false, &prm)) > 0) {
		if (kw_is(&prm, "SIZE")) {
			if (p->has_size)
				return refuse(why, 501, "5.5.4", "SIZE given twice");
			if (!prm.val || !util_parse_u64(prm.val, prm.vlen, &p->size))
				return refuse(why, 501, "5.5.4", "Invalid SIZE value");
			p->has_size = true;
		} else if (kw_is(&prm, "BODY")) {
			if (p->body != BODY_UNSPECIFIED)
				return refuse(why, 501, "5.5.4", "BODY given twice");
			if (val_is(&prm, "7BIT"))
				p->body = BODY_7BIT;
			else if (val_is(&prm, "8BITMIME"))
				p->body = BODY_8BITMIME;
			else if (val_is(&prm, "BINARYMIME"))
				p->body = BODY_BINARYMIME;
			else
				return refuse(why, 501, "5.5.4", "BODY must be 7BIT, 8BITMIME or BINARYMIME");
		} else if (kw_is(&prm, "SMTPUTF8")) {
			if (prm.val)
				return refuse(why, 501, "5.5.4", "SMTPUTF8 takes no value");
			if (p->smtputf8)
				return refuse(why, 501, "5.5.4", "SMTPUTF8 given twice");
			p->smtputf8 = true;
		} else if (kw_is(&prm, "RET")) {
			if (p->ret != RET_UNSPECIFIED)
				return refuse(why, 501, "5.5.4", "RET given twice");
			if (val_is(&prm, "FULL"))
				p->ret = RET_FULL;
			else if (val_is(&prm, "HDRS"))
				p->ret = RET_HDRS;
			else
				return refuse(why, 501, "5.5.4", "RET must be FULL or HDRS");
		} else if (kw_is(&prm, "ENVID")) {
			if (p->envid[0])
				return refuse(why, 501, "5.5.4", "ENVID given twice");
			if (!prm.val || prm.vlen >= SMTP_ENVID_MAX || !smtp_xtext_valid(prm.val, prm.vlen))
				return refuse(why, 501, "5.5.4", "Invalid ENVID value");
			memcpy(p->envid, prm.val, prm.vlen);
			p->envid[prm.vlen] = '\0';
		} else if (kw_is(&prm, "AUTH")) {
			/* RFC 4954 5: from an untrusted client it is taken as
			 * AUTH=<> and not passed on; we only check its form. */
			if (p->has_auth)
				return refuse(why, 501, "5.5.4", "AUTH given twice");
			if (!prm.val || !smtp_xtext_valid(prm.val, prm.vlen))
				return refuse(why, 501, "5.5.4", "Invalid AUTH value");
			p->has_auth = true;
		} else {
			return refuse(why, 555, "5.5.4", "Unsupported MAIL parameter");
		}
	}
	if (r < 0)
		return refuse(why, 501, "5.5.4", "Syntax error in MAIL parameters");
	/* RFC 6531 3.4: a UTF-8 reverse path needs SMTPUTF8 on MAIL. */
	if (addr->is_utf8 && !p->smtputf8)
		return refuse(why, 553, "5.6.7", "Non-ASCII sender address needs the SMTPUTF8 parameter");
	return 0;
}

static int parse_notify(const struct param *prm, unsigned *notify)
{
	size_t i = 0;

	if (!prm->val)
		return -1;
	*notify = 0;
	while (i < prm->vlen) {
		size_t start = i;
		struct param word;

		while (i < prm->vlen && prm->val[i] != ',')
			i++;
		word.val = prm->val + start;
		word.vlen = i - start;
		if (val_is(&word, "NEVER"))
			*notify |= NOTIFY_NEVER;
		else if (val_is(&word, "SUCCESS"))
			*notify |= NOTIFY_SUCCESS;
		else if (val_is(&word, "FAILURE"))
			*notify |= NOTIFY_FAILURE;
		else if (val_is(&word, "DELAY"))
			*notify |= NOTIFY_DELAY;
		else
			return -1;
		if (i < prm->vlen)
			i++;
		if (i == prm->vlen && prm->val[i - 1] == ',')
			return -1;
	}
	/* RFC 3461 4.1: NEVER excludes the others. */
	if ((*notify & NOTIFY_NEVER) && *notify != NOTIFY_NEVER)
		return -1;
	return 0;
}

int smtp_parse_rcpt(const char *arg, size_t len, bool smtputf8, struct mail_address *addr,
		    struct rcpt_params *p, struct smtp_refusal *why)
{
	long o = skip_keyword(arg, len, "TO");
	size_t pos;
	struct param prm;
	int r;

	memset(p, 0, sizeof(*p));
	if (o < 0)
		return refuse(why, 501, "5.5.4", "Syntax: RCPT TO:<address> [parameters]");
	pos = (size_t)o;
	if (parse_path(arg, len, &pos, ADDR_ALLOW_UTF8 | ADDR_ALLOW_POSTMASTER, addr, false, why) != 0)
		return -1;
	if (addr->is_utf8 && !smtputf8)
		return refuse(why, 553, "5.6.7", "Non-ASCII recipient address needs SMTPUTF8 on MAIL");
	while ((r = next_param(arg, len, &pos, smtputf8, &prm)) > 0) {
		if (kw_is(&prm, "NOTIFY")) {
			if (p->notify)
				return refuse(why, 501, "5.5.4", "NOTIFY given twice");
			if (parse_notify(&prm, &p->notify) != 0)
				return refuse(why, 501, "5.5.4", "NOTIFY must be NEVER or SUCCESS,FAILURE,DELAY");
		} else if (kw_is(&prm, "ORCPT")) {
			const char *semi;
			size_t tlen;

			if (p->orcpt[0])
				return refuse(why, 501, "5.5.4", "ORCPT given twice");
			if (!prm.val || prm.vlen >= SMTP_ORCPT_MAX)
				return refuse(why, 501, "5.5.4", "Invalid ORCPT value");
			/* RFC 3461 4.2: addr-type ";" xtext; RFC 6533 adds utf-8 */
			semi = memchr(prm.val, ';', prm.vlen);
			if (!semi || semi == prm.val)
				return refuse(why, 501, "5.5.4", "ORCPT must be addr-type;address");
			tlen = (size_t)(semi - prm.val);
			if (!(tlen == 6 && strncasecmp(prm.val, "rfc822", 6) == 0) &&
			    !(tlen == 5 && strncasecmp(prm.val, "utf-8", 5) == 0))
				return refuse(why, 501, "5.5.4", "ORCPT address type must be rfc822 or utf-8");
			if (tlen == 6 && !smtp_xtext_valid(semi + 1, prm.vlen - tlen - 1))
				return refuse(why, 501, "5.5.4", "Invalid ORCPT xtext");
			if (prm.vlen - tlen - 1 == 0)
				return refuse(why, 501, "5.5.4", "Empty ORCPT address");
			memcpy(p->orcpt, prm.val, prm.vlen);
			p->orcpt[prm.vlen] = '\0';
		} else {
			return refuse(why, 555, "5.5.4", "Unsupported RCPT parameter");
		}
	}
	if (r < 0)
		return refuse(why, 501, "5.5.4", "Syntax error in RCPT parameters");
	return 0;
}
