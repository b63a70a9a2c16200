/* bench/trivial.c - the baseline for bench/startup: the least a program
 * can do for a connection (write a greeting, wait for one line, exit). */
#include <unistd.h>

int main(void)
{
	static const char greeting[] = "220 trivial ready\r\n";
	char buf[512];

	if (write(1, greeting, sizeof(greeting) - 1) < 0)
		return 1;
	(void)!read(0, buf, sizeof(buf));
	return 0;
}
