package org.paravane.toolstack.xend.config;

/** Token kinds of the xl/xm config language. */
enum TokenType {
    IDENT, STRING, NUMBER, ASSIGN, APPEND, LBRACKET, RBRACKET, COMMA, SEMICOLON, NEWLINE, EOF;
}
