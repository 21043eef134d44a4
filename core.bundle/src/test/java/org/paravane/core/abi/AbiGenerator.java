package org.paravane.core.abi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the machine-readable blocks of {@code docs/abi.md} into the Java constants of
 * {@code org.paravane.api.abi} and the C header {@code guest/include/xen_abi.h}.
 *
 * <p>Plain Java with no dependencies, so that a unit test ({@link AbiFreshnessTest}) can
 * run it in memory and compare with the committed files. Block syntax is documented at
 * the top of docs/abi.md.
 */
public final class AbiGenerator {

    /** Repository-relative path of the source of truth. */
    public static final String SOURCE = "docs/abi.md";
    /** Repository-relative directory of the generated Java package. */
    public static final String JAVA_DIR = "frontend-api.bundle/src/main/java/org/paravane/api/abi";
    /** Repository-relative path of the generated C header. */
    public static final String C_HEADER = "guest/include/xen_abi.h";
    /** The command that regenerates both outputs. */
    public static final String REGENERATE_COMMAND =
            "mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true";

    private static final String BANNER = "generated — do not edit. Source: " + SOURCE
            + "; regenerate with: " + REGENERATE_COMMAND;

    private static final Pattern FENCE_OPEN = Pattern.compile("^```(abi|abi-struct)\\s+(.*)$");
    private static final Pattern ATTR = Pattern.compile("(\\w+)=(\\S+)");
    private static final Pattern CONSTANT_LINE =
            Pattern.compile("^(\\w+)\\s+(\"[^\"]*\"|-?(?:0x[0-9A-Fa-f]+|\\d+)(?:<<\\d+)?)\\s*(?:#\\s*(.*))?$");
    private static final Pattern FIELD_LINE =
            Pattern.compile("^(\\d+)\\s+([ui](?:8|16|32|64))(?:\\[(\\d+)])?\\s+(\\w+)\\s*(?:#\\s*(.*))?$");

    /** One constant: name as written in abi.md, its value, and how it was written. */
    record Constant(String name, long value, String stringValue, boolean hex, String comment) {
        boolean isString() {
            return stringValue != null;
        }

        boolean fitsInt() {
            return value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE;
        }
    }

    /** A constant group: one Java class, one C prefix. */
    record Group(String javaClass, String cPrefix, List<Constant> constants) {
    }

    /** One struct field. */
    record Field(int offset, String type, int count, String name, String comment) {
        int elementSize() {
            return Integer.parseInt(type.substring(1)) / 8;
        }

        int byteSize() {
            return elementSize() * Math.max(count, 1);
        }
    }

    /** A struct layout: one Java class of offsets, one C struct. */
    record Struct(String javaClass, String cName, int size, List<Field> fields) {
        boolean hasOverlap() {
            int end = 0;
            for (Field f : fields) {
                if (f.offset() < end) {
                    return true;
                }
                end = f.offset() + f.byteSize();
            }
            return false;
        }
    }

    /** Everything parsed from abi.md, in document order. */
    record Abi(List<Group> groups, List<Struct> structs) {
    }

    private AbiGenerator() {
    }

    /** Parses the blocks of abi.md; throws IllegalArgumentException naming the bad line. */
    public static Abi parse(String markdown) {
        List<Group> groups = new ArrayList<>();
        List<Struct> structs = new ArrayList<>();
        String[] lines = markdown.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher open = FENCE_OPEN.matcher(lines[i].strip());
            if (!open.matches()) {
                continue;
            }
            Map<String, String> attrs = new LinkedHashMap<>();
            Matcher a = ATTR.matcher(open.group(2));
            while (a.find()) {
                attrs.put(a.group(1), a.group(2));
            }
            String java = require(attrs, "java", i);
            String c = require(attrs, "c", i);
            List<String> body = new ArrayList<>();
            int start = i + 1;
            for (i = start; i < lines.length && !lines[i].strip().equals("```"); i++) {
                body.add(lines[i]);
            }
            if (i == lines.length) {
                throw new IllegalArgumentException(SOURCE + " line " + start + ": block " + java + " is not closed");
            }
            if (open.group(1).equals("abi")) {
                groups.add(new Group(java, c, parseConstants(body, start, java)));
            } else {
                int size = Integer.parseInt(require(attrs, "size", start - 1));
                structs.add(checkStruct(new Struct(java, c, size, parseFields(body, start, java))));
            }
        }
        return new Abi(groups, structs);
    }

    private static String require(Map<String, String> attrs, String key, int line) {
        String v = attrs.get(key);
        if (v == null) {
            throw new IllegalArgumentException(SOURCE + " line " + (line + 1) + ": block lacks " + key + "=");
        }
        return v;
    }

    private static List<Constant> parseConstants(List<String> body, int firstLine, String group) {
        List<Constant> out = new ArrayList<>();
        for (int k = 0; k < body.size(); k++) {
            String line = body.get(k).strip();
            if (line.isEmpty()) {
                continue;
            }
            Matcher m = CONSTANT_LINE.matcher(line);
            if (!m.matches()) {
                throw new IllegalArgumentException(SOURCE + " line " + (firstLine + k + 1) + " (group " + group
                        + "): not 'name value # comment': " + line);
            }
            String raw = m.group(2);
            String comment = m.group(3) == null ? "" : m.group(3).strip();
            if (raw.startsWith("\"")) {
                out.add(new Constant(m.group(1), 0, raw.substring(1, raw.length() - 1), false, comment));
            } else {
                out.add(new Constant(m.group(1), evaluate(raw), null, raw.contains("0x"), comment));
            }
        }
        return out;
    }

    private static long evaluate(String raw) {
        String[] parts = raw.split("<<");
        long v = parts[0].startsWith("0x") ? Long.parseUnsignedLong(parts[0].substring(2), 16)
                : parts[0].startsWith("-0x") ? -Long.parseLong(parts[0].substring(3), 16) : Long.parseLong(parts[0]);
        return parts.length == 2 ? v << Integer.parseInt(parts[1]) : v;
    }

    private static List<Field> parseFields(List<String> body, int firstLine, String struct) {
        List<Field> out = new ArrayList<>();
        for (int k = 0; k < body.size(); k++) {
            String line = body.get(k).strip();
            if (line.isEmpty()) {
                continue;
            }
            Matcher m = FIELD_LINE.matcher(line);
            if (!m.matches()) {
                throw new IllegalArgumentException(SOURCE + " line " + (firstLine + k + 1) + " (struct " + struct
                        + "): not 'offset type[count] name # comment': " + line);
            }
            int count = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
            out.add(new Field(Integer.parseInt(m.group(1)), m.group(2), count, m.group(4),
                    m.group(5) == null ? "" : m.group(5).strip()));
        }
        return out;
    }

    private static Struct checkStruct(Struct s) {
        for (Field f : s.fields()) {
            if (f.name().equalsIgnoreCase("sizeof")) {
                throw new IllegalArgumentException(s.cName() + ": a field may not be called sizeof");
            }
            if (f.offset() % f.elementSize() != 0) {
                throw new IllegalArgumentException(s.cName() + "." + f.name() + ": offset " + f.offset()
                        + " is not aligned to " + f.elementSize());
            }
            if (f.offset() + f.byteSize() > s.size()) {
                throw new IllegalArgumentException(s.cName() + "." + f.name() + " ends beyond size " + s.size());
            }
        }
        return s;
    }

    /** Generates every output file, keyed by repository-relative path. */
    public static Map<String, String> generate(Abi abi) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put(JAVA_DIR + "/package-info.java", packageInfo());
        for (Group g : abi.groups()) {
            files.put(JAVA_DIR + "/" + g.javaClass() + ".java", javaGroup(g));
        }
        for (Struct s : abi.structs()) {
            files.put(JAVA_DIR + "/" + s.javaClass() + ".java", javaStruct(s));
        }
        files.put(C_HEADER, cHeader(abi));
        return files;
    }

    /** Reads abi.md under {@code repoRoot} and generates every output file. */
    public static Map<String, String> generate(Path repoRoot) throws IOException {
        return generate(parse(Files.readString(repoRoot.resolve(SOURCE))));
    }

    private static String packageInfo() {
        return "// " + BANNER + "\n"
                + "/**\n"
                + " * The Paravane guest ABI: hypercall numbers, Xen constants and struct layouts, generated\n"
                + " * from docs/abi.md (the single source of truth; a C header is generated from the same source).\n"
                + " */\n"
                + "@org.osgi.annotation.bundle.Export\n"
                + "@org.osgi.annotation.versioning.Version(\"1.1.0\")\n"
                + "package org.paravane.api.abi;\n";
    }

    private static String javaHeader(String cls, String doc) {
        return "// " + BANNER + "\n"
                + "package org.paravane.api.abi;\n\n"
                + "/** " + doc + " */\n"
                + "public final class " + cls + " {\n\n"
                + "    private " + cls + "() {\n    }\n";
    }

    private static String javaGroup(Group g) {
        StringBuilder sb = new StringBuilder(javaHeader(g.javaClass(),
                "Constants " + g.cPrefix() + "* of docs/abi.md (generated)."));
        for (Constant c : g.constants()) {
            sb.append('\n');
            String doc = g.cPrefix() + c.name() + (c.comment().isEmpty() ? "" : ": " + c.comment());
            sb.append("    /** ").append(javadocEscape(doc)).append(" */\n");
            String name = c.name().toUpperCase(Locale.ROOT);
            if (c.isString()) {
                sb.append("    public static final String ").append(name).append(" = \"").append(c.stringValue())
                        .append("\";\n");
            } else if (c.fitsInt()) {
                sb.append("    public static final int ").append(name).append(" = ").append(javaLiteral(c, false))
                        .append(";\n");
            } else {
                sb.append("    public static final long ").append(name).append(" = ").append(javaLiteral(c, true))
                        .append(";\n");
            }
        }
        return sb.append("}\n").toString();
    }

    private static String javaLiteral(Constant c, boolean isLong) {
        String suffix = isLong ? "L" : "";
        if (c.hex() && c.value() >= 0) {
            return "0x" + Long.toHexString(c.value()).toUpperCase(Locale.ROOT) + suffix;
        }
        return c.value() + suffix;
    }

    private static String javaStruct(Struct s) {
        StringBuilder sb = new StringBuilder(javaHeader(s.javaClass(),
                "Byte offsets of struct " + s.cName() + " of docs/abi.md (generated; little-endian)."));
        sb.append("\n    /** sizeof(struct ").append(s.cName()).append(") in bytes. */\n");
        sb.append("    public static final int SIZEOF = ").append(s.size()).append(";\n");
        for (Field f : s.fields()) {
            sb.append('\n');
            String type = f.type() + (f.count() > 0 ? "[" + f.count() + "]" : "");
            sb.append("    /** ").append(javadocEscape(type + " " + f.name()
                    + (f.comment().isEmpty() ? "" : ": " + f.comment()))).append(" */\n");
            sb.append("    public static final int ").append(f.name().toUpperCase(Locale.ROOT)).append(" = ")
                    .append(f.offset()).append(";\n");
        }
        return sb.append("}\n").toString();
    }

    private static String javadocEscape(String s) {
        return s.replace("*/", "* /").replace("<", "&lt;").replace(">", "&gt;").replace("&lt;&lt;", "&lt;&lt;");
    }

    private static String cHeader(Abi abi) {
        StringBuilder sb = new StringBuilder();
        sb.append("/* ").append(BANNER).append(" */\n");
        sb.append("/* The Paravane guest ABI for RISC-V (LP64, little-endian): see docs/abi.md. */\n");
        sb.append("#ifndef PARAVANE_XEN_ABI_H\n#define PARAVANE_XEN_ABI_H\n\n");
        sb.append("#include <stddef.h>\n#include <stdint.h>\n");
        for (Group g : abi.groups()) {
            sb.append("\n/* ").append(g.javaClass()).append(" */\n");
            for (Constant c : g.constants()) {
                sb.append("#define ").append(g.cPrefix()).append(c.name()).append(' ').append(cLiteral(c));
                if (!c.comment().isEmpty()) {
                    sb.append(" /* ").append(c.comment().replace("*/", "* /")).append(" */");
                }
                sb.append('\n');
            }
        }
        for (Struct s : abi.structs()) {
            sb.append('\n');
            cStruct(sb, s);
        }
        sb.append("\n#endif /* PARAVANE_XEN_ABI_H */\n");
        return sb.toString();
    }

    private static String cLiteral(Constant c) {
        if (c.isString()) {
            return "\"" + c.stringValue() + "\"";
        }
        if (c.value() < 0) {
            return "(" + c.value() + ")";
        }
        String digits = c.hex() ? "0x" + Long.toHexString(c.value()).toUpperCase(Locale.ROOT) : Long.toString(c.value());
        return c.fitsInt() ? digits : digits + "UL";
    }

    private static void cStruct(StringBuilder sb, Struct s) {
        String macro = "XEN_" + s.cName().replaceFirst("^xen_", "").toUpperCase(Locale.ROOT);
        sb.append("#define ").append(macro).append("_SIZE ").append(s.size()).append('\n');
        for (Field f : s.fields()) {
            sb.append("#define ").append(macro).append("_OFF_").append(f.name().toUpperCase(Locale.ROOT)).append(' ')
                    .append(f.offset()).append('\n');
        }
        if (s.hasOverlap()) {
            sb.append("/* struct ").append(s.cName()).append(" has union members: use the offsets above. */\n");
            return;
        }
        sb.append("struct ").append(s.cName()).append(" {\n");
        int at = 0;
        for (Field f : s.fields()) {
            if (f.offset() > at) {
                sb.append("    uint8_t _pad").append(at).append('[').append(f.offset() - at).append("];\n");
            }
            String ctype = (f.type().charAt(0) == 'u' ? "uint" : "int") + f.type().substring(1) + "_t";
            sb.append("    ").append(ctype).append(' ').append(f.name());
            if (f.count() > 0) {
                sb.append('[').append(f.count()).append(']');
            }
            sb.append(';');
            if (!f.comment().isEmpty()) {
                sb.append(" /* ").append(f.comment().replace("*/", "* /")).append(" */");
            }
            sb.append('\n');
            at = f.offset() + f.byteSize();
        }
        if (s.size() > at) {
            sb.append("    uint8_t _pad").append(at).append('[').append(s.size() - at).append("];\n");
        }
        sb.append("};\n");
        sb.append("_Static_assert(sizeof(struct ").append(s.cName()).append(") == ").append(s.size())
                .append(", \"").append(s.cName()).append(" size\");\n");
        for (Field f : s.fields()) {
            sb.append("_Static_assert(offsetof(struct ").append(s.cName()).append(", ").append(f.name())
                    .append(") == ").append(f.offset()).append(", \"").append(s.cName()).append('.')
                    .append(f.name()).append("\");\n");
        }
    }
}
