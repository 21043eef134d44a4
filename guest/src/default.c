/* The program this image runs when the command line names none (see Makefile). */
const char default_program[] = DEFAULT_PROGRAM;
