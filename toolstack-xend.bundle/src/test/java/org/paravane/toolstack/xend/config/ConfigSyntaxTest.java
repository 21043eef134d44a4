package org.paravane.toolstack.xend.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.paravane.api.config.ConfigValue;
import org.paravane.api.config.ConfigValue.ListOf;
import org.paravane.api.config.ConfigValue.Num;
import org.paravane.api.config.ConfigValue.Str;

/** The config language itself: tokens, statements, lists, and every syntax error. */
class ConfigSyntaxTest {

    private final List<ConfigWarning> warnings = new ArrayList<>();

    private Map<String, Setting> parse(String text) throws ConfigException {
        return ConfigParser.parse("t.cfg", text, warnings);
    }

    private ConfigValue value(String text, String key) throws ConfigException {
        return parse(text).get(key).value().toValue();
    }

    private ConfigException error(String text) {
        return assertThrows(ConfigException.class, () -> parse(text));
    }

    @Test
    void assignmentsEndAtNewlinesAndSemicolons() throws Exception {
        Map<String, Setting> s = parse("name=\"h0\"; type=\"hvm\"\nmemory = 128\n\n;;\n");
        assertEquals(List.of("name", "type", "memory"), List.copyOf(s.keySet()));
        assertEquals(new Str("h0"), s.get("name").value().toValue());
        assertEquals(new Num(128), s.get("memory").value().toValue());
        assertEquals(new SourcePos("t.cfg", 1, 12), s.get("type").keyPos());
        assertEquals(new SourcePos("t.cfg", 2, 10), s.get("memory").value().pos());
    }

    @Test
    void lastStatementNeedsNoNewline() throws Exception {
        assertEquals(new Num(7), value("vcpus=7", "vcpus"));
    }

    @Test
    void commentsRunToEndOfLine() throws Exception {
        Map<String, Setting> s = parse("# a comment\nname = 'x' # trailing ' \" [\n#memory=5\n");
        assertEquals(List.of("name"), List.copyOf(s.keySet()));
        assertEquals(new Str("x"), s.get("name").value().toValue());
    }

    @Test
    void singleDoubleAndTripleQuotedStrings() throws Exception {
        assertEquals(new Str("it's"), value("a = \"it's\"", "a"));
        assertEquals(new Str("say \"hi\""), value("a = 'say \"hi\"'", "a"));
        assertEquals(new Str("line1\nline2 'q' \"d\""), value("a = '''line1\nline2 'q' \"d\"'''", "a"));
        assertEquals(new Str("x\ny"), value("a = \"\"\"x\ny\"\"\"", "a"));
        assertEquals(new Str(""), value("a = ''", "a"));
    }

    @Test
    void everyEscapeDecodes() throws Exception {
        assertEquals(new Str("\\ ' \" \u0007 \b \f \n \r \t \u000b A \u00ff \u0001 \u0053"),
                value("a = '\\\\ \\' \\\" \\a \\b \\f \\n \\r \\t \\v \\x41 \\xfF \\1 \\123'", "a"));
    }

    @Test
    void backslashNewlineJoinsLinesInsideAndOutsideStrings() throws Exception {
        assertEquals(new Str("abcdef"), value("a = 'abc\\\ndef'", "a"));
        Map<String, Setting> s = parse("memory = \\\n  64\nname='n'");
        assertEquals(new Num(64), s.get("memory").value().toValue());
        assertEquals(3, s.get("name").keyPos().line());
    }

    @Test
    void crlfLineEndingsAreAccepted() throws Exception {
        Map<String, Setting> s = parse("name = 'a'\r\nmemory = 5\r\n");
        assertEquals(new Num(5), s.get("memory").value().toValue());
    }

    @Test
    void decimalHexAndOctalNumbers() throws Exception {
        assertEquals(new Num(255), value("a = 0xff", "a"));
        assertEquals(new Num(255), value("a = 0XFF", "a"));
        assertEquals(new Num(8), value("a = 010", "a"));
        assertEquals(new Num(0), value("a = 0", "a"));
        assertEquals(new Num(1234567890123L), value("a = 1234567890123", "a"));
    }

    @Test
    void listsNestMixTypesAllowTrailingCommasAndNewlines() throws Exception {
        ConfigValue v = value("disk = [\n  'a', # first\n  1,\n  [ 'b', 0x10, ],\n  [],\n]\n", "disk");
        assertEquals(new ListOf(List.of(new Str("a"), new Num(1),
                new ListOf(List.of(new Str("b"), new Num(16))), new ListOf(List.of()))), v);
        assertEquals(new ListOf(List.of()), value("x = [ ]", "x"));
        assertEquals(new ListOf(List.of(new Str("only"))), value("x = ['only',]", "x"));
    }

    @Test
    void appendAddsToListsAndStrings() throws Exception {
        Map<String, Setting> s = parse("disk = ['a']\ndisk += ['b', 'c']\ndisk += 'd'\n"
                + "extra = 'x'\nextra += ' y'\nnew += ['z']\n");
        assertEquals(new ListOf(List.of(new Str("a"), new Str("b"), new Str("c"), new Str("d"))),
                s.get("disk").value().toValue());
        assertEquals(new Str("x y"), s.get("extra").value().toValue());
        assertEquals(new ListOf(List.of(new Str("z"))), s.get("new").value().toValue());
        assertTrue(warnings.isEmpty(), warnings.toString());
    }

    @Test
    void appendingToANumberFails() {
        ConfigException e = error("memory = 5\nmemory += 6\n");
        assertEquals(2, e.line());
        assertEquals(8, e.column());
        assertEquals("memory", e.key());
        assertEquals("t.cfg:2:8: 'memory': '+=' expected a list, or a string added to a string; "
                + "found number 5 += number 6", e.getMessage());
    }

    @Test
    void keySetTwiceWarnsAndTheLaterWins() throws Exception {
        Map<String, Setting> s = parse("memory = 5\nname='n'\nmemory = 6\n");
        assertEquals(new Num(6), s.get("memory").value().toValue());
        assertEquals(List.of("name", "memory"), List.copyOf(s.keySet()));
        assertEquals(1, warnings.size());
        assertEquals("t.cfg:3:1: warning: 'memory': set again (first set at t.cfg:1:1); the later value wins",
                warnings.getFirst().toString());
    }

    @Test
    void identifiersMayHoldDotsDigitsAndUnderscores() throws Exception {
        assertEquals(new Num(1), value("device_model.v2_x = 1", "device_model.v2_x"));
    }

    @Test
    void unterminatedStringAtEndOfLine() {
        ConfigException e = error("name = 'abc\nmemory = 4\n");
        assertEquals("t.cfg:1:8: unterminated string: expected a closing ' before the end of the line",
                e.getMessage());
        assertEquals(null, e.key());
    }

    @Test
    void unterminatedTripleQuotedString() {
        ConfigException e = error("a = '''abc\n\n");
        assertEquals("t.cfg:1:5: unterminated string: expected a closing ''' before the end of the file",
                e.getMessage());
    }

    @Test
    void invalidEscapes() {
        assertEquals("t.cfg:1:8: invalid escape '\\q': expected one of \\\\ \\' \\\" \\a \\b \\f \\n \\r \\t \\v \\xHH \\ooo",
                error("a = 'ab\\q'").getMessage());
        assertEquals("t.cfg:1:6: invalid \\x escape: expected two hex digits", error("a = '\\xg1'").getMessage());
        assertEquals("t.cfg:1:6: unterminated string: backslash at end of file", error("a = '\\").getMessage());
    }

    @Test
    void invalidNumbers() {
        assertEquals("t.cfg:1:10: invalid number '12ab': expected decimal digits, 0x and hex digits, "
                + "or 0 and octal digits", error("memory = 12ab").getMessage());
        assertEquals(1, error("a = 09").line());
        assertTrue(error("a = 0x").getMessage().contains("invalid number '0x'"));
        assertTrue(error("a = 99999999999999999999").getMessage().contains("invalid number"));
    }

    @Test
    void pythonExpressionsAreRejectedWithAHint() {
        ConfigException e = error("name = \"vm%d\" % vmid\n");
        assertEquals(1, e.line());
        assertEquals(15, e.column());
        assertEquals("t.cfg:1:15: unexpected character '%' (Python expressions are not supported; "
                + "the file is likely python)", e.getMessage());
        assertTrue(error("memory = 64 + 64").getMessage().contains("unexpected character '+'"));
        assertTrue(error("import os").getMessage().contains("expected '=' after the key, found 'os'"));
    }

    @Test
    void strayBackslashOutsideAString() {
        assertEquals("t.cfg:1:12: a backslash outside a string must end the line (line continuation)",
                error("memory = 5 \\ x").getMessage());
    }

    @Test
    void missingEqualsAndMissingValue() {
        ConfigException e = error("memory 64");
        assertEquals("t.cfg:1:8: 'memory': expected '=' after the key, found number 64", e.getMessage());
        assertEquals("memory", e.key());
        assertEquals("t.cfg:1:9: 'memory': expected a value (a quoted string, a number or a [list]), "
                + "found end of line", error("memory =\n").getMessage());
        assertEquals("t.cfg:1:8: 'kernel': expected a value (a quoted string, a number or a [list]), "
                + "found 'vmlinuz'", error("kernel=vmlinuz").getMessage());
    }

    @Test
    void statementMustStartWithAKey() {
        assertEquals("t.cfg:2:1: expected a key at the start of a statement, found number 42",
                error("\n42 = 'x'").getMessage());
        assertEquals("t.cfg:1:1: expected a key at the start of a statement, found '='",
                error("= 3").getMessage());
    }

    @Test
    void twoValuesOnOneLine() {
        assertEquals("t.cfg:1:10: 'name': expected the end of the statement (newline or ';'), found a string",
                error("name='a' 'b'").getMessage());
    }

    @Test
    void brokenLists() {
        assertEquals("t.cfg:1:13: 'disk': expected ',' or ']' in the list opened at 1:8, found a string",
                error("disk = ['a' 'b']").getMessage());
        assertEquals("t.cfg:3:1: 'disk': expected ',' or ']' in the list opened at 1:8, found end of file",
                error("disk = ['a',\n 'b'\n").getMessage());
        assertEquals("t.cfg:1:9: 'disk': expected a value (a quoted string, a number or a [list]), found ','",
                error("disk = [,]").getMessage());
    }

    @Test
    void nestingIsBounded() throws Exception {
        String deep = "a = " + "[".repeat(ConfigParser.MAX_DEPTH + 1) + "]".repeat(ConfigParser.MAX_DEPTH + 1);
        ConfigException e = error(deep);
        assertEquals("a", e.key());
        assertTrue(e.expected().startsWith("lists nested deeper than 64 levels"));
        String ok = "a = " + "[".repeat(ConfigParser.MAX_DEPTH) + "]".repeat(ConfigParser.MAX_DEPTH);
        assertEquals(1, parse(ok).size());
    }

    @Test
    void controlCharactersAreNamedInHex() {
        assertEquals("t.cfg:1:5: unexpected character '\\x01'", error("a = \u0001").getMessage());
    }
}
