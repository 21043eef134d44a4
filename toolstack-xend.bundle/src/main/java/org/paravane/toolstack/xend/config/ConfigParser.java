package org.paravane.toolstack.xend.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses config text into settings, in the order their keys first appear.
 *
 * <p>Grammar (libxlu_cfg_y.y in spirit):
 * <pre>
 *   file  := { NEWLINE | ';' | stmt }
 *   stmt  := IDENT ('=' | '+=') value (NEWLINE | ';' | EOF)
 *   value := STRING | NUMBER | '[' [ value { ',' value } [','] ] ']'
 * </pre>
 * Newlines are free inside brackets. A key set twice keeps the later value and records a
 * warning; {@code +=} appends to a list or concatenates to a string.
 */
final class ConfigParser {

    /** Deepest list nesting accepted; real configs use two levels, and recursion is finite. */
    static final int MAX_DEPTH = 64;

    private final List<Token> tokens;
    private final List<ConfigWarning> warnings;
    private final boolean warnOnReset;
    private int index;
    private int depth;

    private ConfigParser(List<Token> tokens, List<ConfigWarning> warnings, boolean warnOnReset) {
        this.tokens = tokens;
        this.warnings = warnings;
        this.warnOnReset = warnOnReset;
    }

    /**
     * Parses {@code text} and merges its statements into {@code into} (so command-line
     * overrides can be applied on top of a file). {@code warnOnReset} says whether a key
     * set again is worth a warning (in a file it is; for an override it is the point).
     */
    static void parseInto(String source, String text, Map<String, Setting> into,
            List<ConfigWarning> warnings, boolean warnOnReset) throws ConfigException {
        List<Token> tokens = new ConfigLexer(source, text).tokenize();
        new ConfigParser(tokens, warnings, warnOnReset).file(into);
    }

    /** Parses {@code text} alone. */
    static Map<String, Setting> parse(String source, String text, List<ConfigWarning> warnings)
            throws ConfigException {
        Map<String, Setting> settings = new LinkedHashMap<>();
        parseInto(source, text, settings, warnings, true);
        return settings;
    }

    private Token peek() {
        return tokens.get(index);
    }

    private Token take() {
        Token t = tokens.get(index);
        if (t.type() != TokenType.EOF) {
            index++;
        }
        return t;
    }

    private void file(Map<String, Setting> into) throws ConfigException {
        while (true) {
            Token t = take();
            switch (t.type()) {
                case EOF -> {
                    return;
                }
                case NEWLINE, SEMICOLON -> { }
                case IDENT -> statement(t, into);
                default -> throw new ConfigException(t.pos(), null,
                        "expected a key at the start of a statement, found " + t.describe());
            }
        }
    }

    private void statement(Token keyToken, Map<String, Setting> into) throws ConfigException {
        String key = keyToken.text();
        Token op = take();
        if (op.type() != TokenType.ASSIGN && op.type() != TokenType.APPEND) {
            throw new ConfigException(op.pos(), key, "expected '=' after the key, found "
                    + op.describe());
        }
        ConfigNode value = value(key);
        Token end = take();
        if (end.type() != TokenType.NEWLINE && end.type() != TokenType.SEMICOLON
                && end.type() != TokenType.EOF) {
            throw new ConfigException(end.pos(), key,
                    "expected the end of the statement (newline or ';'), found " + end.describe());
        }
        Setting previous = into.get(key);
        if (op.type() == TokenType.APPEND && previous != null) {
            value = append(key, previous.value(), value, op.pos());
        } else if (previous != null && warnOnReset) {
            warnings.add(new ConfigWarning(keyToken.pos(), key, "set again (first set at "
                    + previous.keyPos() + "); the later value wins"));
        }
        // remove first so a re-set key moves to its latest place in file order
        into.remove(key);
        into.put(key, new Setting(key, keyToken.pos(), value));
    }

    private static ConfigNode append(String key, ConfigNode left, ConfigNode right, SourcePos at)
            throws ConfigException {
        if (left instanceof ConfigNode.ListOf l) {
            List<ConfigNode> items = new ArrayList<>(l.items());
            if (right instanceof ConfigNode.ListOf r) {
                items.addAll(r.items());
            } else {
                items.add(right);
            }
            return new ConfigNode.ListOf(items, l.pos());
        }
        if (left instanceof ConfigNode.Str l && right instanceof ConfigNode.Str r) {
            return new ConfigNode.Str(l.value() + r.value(), l.pos());
        }
        throw new ConfigException(at, key, "'+=' expected a list, or a string added to a string; found "
                + left.describe() + " += " + right.describe());
    }

    private ConfigNode value(String key) throws ConfigException {
        Token t = take();
        return switch (t.type()) {
            case STRING -> new ConfigNode.Str(t.text(), t.pos());
            case NUMBER -> new ConfigNode.Num(t.number(), t.text(), t.pos());
            case LBRACKET -> {
                if (++depth > MAX_DEPTH) {
                    throw new ConfigException(t.pos(), key,
                            "lists nested deeper than " + MAX_DEPTH + " levels: expected a flatter value");
                }
                ConfigNode list = list(key, t);
                depth--;
                yield list;
            }
            default -> throw new ConfigException(t.pos(), key,
                    "expected a value (a quoted string, a number or a [list]), found " + t.describe());
        };
    }

    private void skipNewlines() {
        while (peek().type() == TokenType.NEWLINE) {
            take();
        }
    }

    private ConfigNode list(String key, Token open) throws ConfigException {
        List<ConfigNode> items = new ArrayList<>();
        skipNewlines();
        if (peek().type() == TokenType.RBRACKET) {
            take();
            return new ConfigNode.ListOf(items, open.pos());
        }
        while (true) {
            items.add(value(key));
            skipNewlines();
            Token t = take();
            if (t.type() == TokenType.RBRACKET) {
                return new ConfigNode.ListOf(items, open.pos());
            }
            if (t.type() != TokenType.COMMA) {
                throw new ConfigException(t.pos(), key, "expected ',' or ']' in the list opened at "
                        + open.pos().line() + ":" + open.pos().column() + ", found " + t.describe());
            }
            skipNewlines();
            if (peek().type() == TokenType.RBRACKET) {
                take();
                return new ConfigNode.ListOf(items, open.pos());
            }
        }
    }
}
