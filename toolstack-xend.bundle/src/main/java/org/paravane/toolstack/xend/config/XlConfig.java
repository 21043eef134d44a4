package org.paravane.toolstack.xend.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.paravane.api.config.ConfigValue;

/**
 * Entry point for xl/xm domain config files: text (or a file) plus the
 * {@code key=value} overrides that {@code xl create cfg key=value ...} takes, to a
 * validated {@link org.paravane.api.config.DomainConfig} and its warnings.
 *
 * <p>Overrides are applied after the file, in order, and replace earlier values
 * ({@code key+=value} appends). Each is parsed as config text first ({@code memory=64},
 * {@code name="x"}, {@code disk=['...']}); when that fails and it has the form
 * {@code key=rest}, the rest is taken as a plain string, as xm took {@code name=foo}.
 * Errors in an override name the source {@code <command line>} and, as line, the
 * override's position among the overrides (1-based).
 */
public final class XlConfig {

    /** The source name errors in overrides carry. */
    public static final String COMMAND_LINE = "<command line>";

    private static final Pattern PLAIN_OVERRIDE =
            Pattern.compile("\\s*([A-Za-z_][A-Za-z0-9_.]*)\\s*=(.*)", Pattern.DOTALL);

    private XlConfig() {
    }

    /** Parses config text with no overrides. */
    public static ParsedConfig parse(String source, String text) throws ConfigException {
        return parse(source, text, List.of());
    }

    /** Parses config text, then applies the overrides. */
    public static ParsedConfig parse(String source, String text, List<String> overrides)
            throws ConfigException {
        List<ConfigWarning> warnings = new ArrayList<>();
        Map<String, Setting> settings = new LinkedHashMap<>();
        ConfigParser.parseInto(source, text, settings, warnings, true);
        for (int i = 0; i < overrides.size(); i++) {
            applyOverride(overrides.get(i), i + 1, settings, warnings);
        }
        return DomainConfigReader.read(source, settings, warnings);
    }

    /**
     * Reads a config file (UTF-8) and applies the overrides. The source name in errors is
     * the path as given.
     *
     * @throws IOException when the file cannot be read
     * @throws ConfigException when it is not valid UTF-8 or not a valid config
     */
    public static ParsedConfig parseFile(Path file, List<String> overrides)
            throws IOException, ConfigException {
        byte[] bytes = Files.readAllBytes(file);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ConfigException(new SourcePos(file.toString(), 1, 1), null,
                    "expected a UTF-8 text file, found bytes that are not UTF-8");
        }
        return parse(file.toString(), text, overrides);
    }

    /**
     * Validates keys that did not come from config text (an SXP {@code (vm ...)} element,
     * an RPC call) exactly as if they had been written in a file. Errors carry
     * {@code source} and position 1:1, and always the key.
     */
    public static ParsedConfig fromValues(String source, Map<String, ConfigValue> values)
            throws ConfigException {
        SourcePos pos = new SourcePos(source, 1, 1);
        Map<String, Setting> settings = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigValue> e : values.entrySet()) {
            settings.put(e.getKey(), new Setting(e.getKey(), pos, node(e.getValue(), pos)));
        }
        return DomainConfigReader.read(source, settings, new ArrayList<>());
    }

    private static ConfigNode node(ConfigValue value, SourcePos pos) {
        return switch (value) {
            case ConfigValue.Str s -> new ConfigNode.Str(s.value(), pos);
            case ConfigValue.Num n -> new ConfigNode.Num(n.value(), Long.toString(n.value()), pos);
            case ConfigValue.ListOf l -> {
                List<ConfigNode> items = new ArrayList<>();
                for (ConfigValue v : l.items()) {
                    items.add(node(v, pos));
                }
                yield new ConfigNode.ListOf(items, pos);
            }
        };
    }

    private static void applyOverride(String override, int number, Map<String, Setting> settings,
            List<ConfigWarning> warnings) throws ConfigException {
        // leading newlines put the override on "line" number: errors then say which one
        String text = "\n".repeat(number - 1) + override;
        Map<String, Setting> attempt = new LinkedHashMap<>(settings);
        try {
            ConfigParser.parseInto(COMMAND_LINE, text, attempt, warnings, false);
        } catch (ConfigException e) {
            Matcher m = PLAIN_OVERRIDE.matcher(override);
            if (!m.matches() || override.contains("+=")) {
                if (!override.contains("=")) {
                    throw new ConfigException(new SourcePos(COMMAND_LINE, number, 1), null,
                            "expected key=value, found '" + override + "'");
                }
                throw e;
            }
            String key = m.group(1);
            String value = m.group(2).strip();
            SourcePos keyPos = new SourcePos(COMMAND_LINE, number, m.start(1) + 1);
            SourcePos valuePos = new SourcePos(COMMAND_LINE, number, m.start(2) + 1);
            attempt = new LinkedHashMap<>(settings);
            attempt.remove(key);
            attempt.put(key, new Setting(key, keyPos, new ConfigNode.Str(value, valuePos)));
        }
        settings.clear();
        settings.putAll(attempt);
    }
}
