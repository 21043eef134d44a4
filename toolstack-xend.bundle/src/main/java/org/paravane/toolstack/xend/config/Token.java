package org.paravane.toolstack.xend.config;

/**
 * One token. {@code text} is the decoded string for STRING, the literal for NUMBER and
 * IDENT; {@code number} is the value of a NUMBER.
 */
record Token(TokenType type, String text, long number, SourcePos pos) {

    /** How the token reads in an error message. */
    String describe() {
        return switch (type) {
            case IDENT -> "'" + text + "'";
            case STRING -> "a string";
            case NUMBER -> "number " + text;
            case ASSIGN -> "'='";
            case APPEND -> "'+='";
            case LBRACKET -> "'['";
            case RBRACKET -> "']'";
            case COMMA -> "','";
            case SEMICOLON -> "';'";
            case NEWLINE -> "end of line";
            case EOF -> "end of file";
        };
    }
}
