package org.paravane.toolstack.xend.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits xl/xm config text into tokens.
 *
 * <p>The language is xl's (libxlu): {@code KEY = VALUE} statements ended by a newline or
 * {@code ;}, strings in single or double quotes with C-style escapes, numbers in decimal,
 * octal (leading 0) or hex (0x), {@code [ ]} lists, {@code #} comments. For xm files,
 * which were Python, it also takes Python's triple-quoted strings and backslash-newline
 * line joining. Anything else (Python operators, parentheses) is an error naming the
 * character, because xl would reject the file too.
 */
final class ConfigLexer {

    private final String source;
    private final String text;
    private int index;
    private int line = 1;
    private int column = 1;

    ConfigLexer(String source, String text) {
        this.source = source;
        this.text = text;
    }

    /** Tokenizes all the text; the last token is EOF. */
    List<Token> tokenize() throws ConfigException {
        List<Token> tokens = new ArrayList<>();
        while (true) {
            Token t = next();
            tokens.add(t);
            if (t.type() == TokenType.EOF) {
                return tokens;
            }
        }
    }

    private SourcePos pos() {
        return new SourcePos(source, line, column);
    }

    private boolean atEnd() {
        return index >= text.length();
    }

    private char peek(int ahead) {
        int i = index + ahead;
        return i < text.length() ? text.charAt(i) : '\0';
    }

    private char advance() {
        char c = text.charAt(index++);
        if (c == '\n') {
            line++;
            column = 1;
        } else {
            column++;
        }
        return c;
    }

    private Token next() throws ConfigException {
        skipBlanks();
        SourcePos start = pos();
        if (atEnd()) {
            return new Token(TokenType.EOF, "", 0, start);
        }
        char c = peek(0);
        switch (c) {
            case '\n' -> {
                advance();
                return new Token(TokenType.NEWLINE, "\n", 0, start);
            }
            case '=' -> {
                advance();
                return new Token(TokenType.ASSIGN, "=", 0, start);
            }
            case '+' -> {
                if (peek(1) == '=') {
                    advance();
                    advance();
                    return new Token(TokenType.APPEND, "+=", 0, start);
                }
                throw pythonError(start, c);
            }
            case '[' -> {
                advance();
                return new Token(TokenType.LBRACKET, "[", 0, start);
            }
            case ']' -> {
                advance();
                return new Token(TokenType.RBRACKET, "]", 0, start);
            }
            case ',' -> {
                advance();
                return new Token(TokenType.COMMA, ",", 0, start);
            }
            case ';' -> {
                advance();
                return new Token(TokenType.SEMICOLON, ";", 0, start);
            }
            case '"', '\'' -> {
                return string(start, c);
            }
            default -> {
                if (isIdentStart(c)) {
                    return identifier(start);
                }
                if (c >= '0' && c <= '9') {
                    return number(start);
                }
                throw pythonError(start, c);
            }
        }
    }

    private static ConfigException pythonError(SourcePos at, char c) {
        String shown = c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c);
        String hint = "()+-*/%:.{}".indexOf(c) >= 0
                ? " (Python expressions are not supported; the file is likely python)"
                : "";
        return new ConfigException(at, null, "unexpected character '" + shown + "'" + hint);
    }

    /** Skips spaces, tabs, carriage returns, comments and backslash-newline joins. */
    private void skipBlanks() throws ConfigException {
        while (!atEnd()) {
            char c = peek(0);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\f') {
                advance();
            } else if (c == '#') {
                while (!atEnd() && peek(0) != '\n') {
                    advance();
                }
            } else if (c == '\\') {
                SourcePos at = pos();
                int skip = peek(1) == '\r' && peek(2) == '\n' ? 3 : peek(1) == '\n' ? 2 : 0;
                if (skip == 0) {
                    throw new ConfigException(at, null,
                            "a backslash outside a string must end the line (line continuation)");
                }
                for (int i = 0; i < skip; i++) {
                    advance();
                }
            } else {
                return;
            }
        }
    }

    private static boolean isAsciiAlnum(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** The value of an ASCII hex digit, or -1 (Character.digit alone would accept non-ASCII digits). */
    private static int hexDigit(char c) {
        return c < 0x80 ? Character.digit(c, 16) : -1;
    }

    private static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isIdentPart(char c) {
        return isIdentStart(c) || (c >= '0' && c <= '9') || c == '.';
    }

    private Token identifier(SourcePos start) {
        int from = index;
        while (!atEnd() && isIdentPart(peek(0))) {
            advance();
        }
        return new Token(TokenType.IDENT, text.substring(from, index), 0, start);
    }

    private Token number(SourcePos start) throws ConfigException {
        int from = index;
        while (!atEnd() && (isAsciiAlnum(peek(0)) || peek(0) == '_')) {
            advance();
        }
        String literal = text.substring(from, index);
        Long value = parseInteger(literal);
        if (value == null) {
            throw new ConfigException(start, null, "invalid number '" + literal
                    + "': expected decimal digits, 0x and hex digits, or 0 and octal digits");
        }
        return new Token(TokenType.NUMBER, literal, value, start);
    }

    /**
     * Decimal, {@code 0x} hex or leading-{@code 0} octal (as libxlu's NUMBER and C's
     * strtol with base 0), or {@code null} when the literal is none of these or overflows.
     */
    static Long parseInteger(String literal) {
        // Long.parseLong accepts non-ASCII digits; the config language does not
        if (!literal.chars().allMatch(c -> isAsciiAlnum((char) c))) {
            return null;
        }
        try {
            if (literal.startsWith("0x") || literal.startsWith("0X")) {
                String digits = literal.substring(2);
                return digits.isEmpty() || digits.startsWith("+") || digits.startsWith("-")
                        ? null : Long.parseLong(digits, 16);
            }
            if (literal.length() > 1 && literal.charAt(0) == '0') {
                String digits = literal.substring(1);
                return digits.startsWith("+") || digits.startsWith("-")
                        ? null : Long.parseLong(digits, 8);
            }
            if (literal.isEmpty() || literal.charAt(0) < '0' || literal.charAt(0) > '9') {
                return null;
            }
            return Long.parseLong(literal);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private Token string(SourcePos start, char quote) throws ConfigException {
        boolean triple = peek(1) == quote && peek(2) == quote;
        int quoteLength = triple ? 3 : 1;
        for (int i = 0; i < quoteLength; i++) {
            advance();
        }
        StringBuilder out = new StringBuilder();
        while (true) {
            if (atEnd()) {
                throw new ConfigException(start, null, "unterminated string: expected a closing "
                        + String.valueOf(quote).repeat(quoteLength) + " before the end of the file");
            }
            char c = peek(0);
            if (c == quote && (!triple || (peek(1) == quote && peek(2) == quote))) {
                for (int i = 0; i < quoteLength; i++) {
                    advance();
                }
                return new Token(TokenType.STRING, out.toString(), 0, start);
            }
            if (c == '\n' && !triple) {
                throw new ConfigException(start, null, "unterminated string: expected a closing "
                        + quote + " before the end of the line");
            }
            if (c == '\\') {
                escape(out);
            } else {
                out.append(advance());
            }
        }
    }

    /** Decodes one backslash escape (libxlu's set, plus Python's backslash-newline). */
    private void escape(StringBuilder out) throws ConfigException {
        SourcePos at = pos();
        advance();
        if (atEnd()) {
            throw new ConfigException(at, null, "unterminated string: backslash at end of file");
        }
        char c = advance();
        switch (c) {
            case '\\', '\'', '"' -> out.append(c);
            case 'a' -> out.append('\u0007');
            case 'b' -> out.append('\b');
            case 'f' -> out.append('\f');
            case 'n' -> out.append('\n');
            case 'r' -> out.append('\r');
            case 't' -> out.append('\t');
            case 'v' -> out.append('\u000b');
            case '\n' -> { }
            case 'x' -> {
                int value = 0;
                for (int i = 0; i < 2; i++) {
                    int d = hexDigit(peek(0));
                    if (d < 0 || atEnd()) {
                        throw new ConfigException(at, null,
                                "invalid \\x escape: expected two hex digits");
                    }
                    advance();
                    value = value * 16 + d;
                }
                out.append((char) value);
            }
            default -> {
                if (c >= '0' && c <= '7') {
                    int value = c - '0';
                    for (int i = 0; i < 2 && peek(0) >= '0' && peek(0) <= '7' && !atEnd(); i++) {
                        value = value * 8 + (advance() - '0');
                    }
                    out.append((char) value);
                } else {
                    String shown = c < 0x20 ? String.format("\\x%02x", (int) c) : String.valueOf(c);
                    throw new ConfigException(at, null, "invalid escape '\\" + shown
                            + "': expected one of \\\\ \\' \\\" \\a \\b \\f \\n \\r \\t \\v \\xHH \\ooo");
                }
            }
        }
    }
}
