package org.drtp.train;

import java.util.Objects;
import java.util.function.Function;
import org.drtp.settings.InvalidSettingException;

/**
 * One setting of a run, as every front end sees it (docs/settings.md): its snake_case key (manifests, summaries,
 * fingerprints, grid files, error messages), its command-line flag, the label and help text of that flag, its
 * default as a user would write it, the plain value it is written as ({@link Kind}: a string, a number or a
 * boolean), how that plain value is checked and turned into the typed value ({@link #parse}, failing with one
 * {@link InvalidSettingException} naming the key), how the typed value is written back ({@link #raw}) and where it
 * lives in a {@link RunConfig} ({@link #of}). The table of all settings is {@link Settings}.
 *
 * @param <T> the typed value (e.g. {@code Topology}, {@code Activation}, {@code Integer})
 */
public final class Setting<T> {

    /** The plain value a setting is written as, and the Java type a parser of text converts it to. */
    public enum Kind {
        TEXT(String.class), INT(int.class), LONG(long.class), DOUBLE(double.class), FLOAT(float.class), FLAG(boolean.class);

        private final Class<?> type;

        Kind(Class<?> type) {
            this.type = type;
        }

        /** The (primitive) Java type of the plain value: what a command-line parser converts the flag's text to. */
        public Class<?> type() {
            return type;
        }

        /** The plain value of {@code text} (a default as written in the table). */
        Object ofText(String text) {
            return switch (this) {
                case TEXT -> text;
                case INT -> Integer.parseInt(text);
                case LONG -> Long.parseLong(text);
                case DOUBLE -> Double.parseDouble(text);
                case FLOAT -> Float.parseFloat(text);
                case FLAG -> Boolean.parseBoolean(text);
            };
        }
    }

    /**
     * Whether the setting is part of {@link RunConfig#fingerprint} (the text a checkpoint must match to be resumed):
     * always; only when it differs from its default (a setting added after checkpoints existed, so that the
     * fingerprints of earlier runs stay what they were); or never (it does not change the numbers of the epochs
     * already done, e.g. the epoch count).
     */
    public enum Fingerprint {
        ALWAYS, UNLESS_DEFAULT, NEVER
    }

    private final String key;
    private final String flag;
    private final String paramLabel;
    private final String defaultText;
    private final Kind kind;
    private final String title;
    private final String help;
    private final Function<Object, T> parser;
    private final Function<T, Object> writer;
    private final Function<RunConfig, T> getter;
    private final Fingerprint fingerprint;
    private final String legacyGridKey;

    private Setting(String key, String flag, String paramLabel, String defaultText, Kind kind, String title, String help,
                    Function<Object, T> parser, Function<T, Object> writer, Function<RunConfig, T> getter,
                    Fingerprint fingerprint, String legacyGridKey) {
        this.key = Objects.requireNonNull(key);
        this.flag = Objects.requireNonNull(flag);
        this.paramLabel = paramLabel;
        this.defaultText = Objects.requireNonNull(defaultText);
        this.kind = Objects.requireNonNull(kind);
        this.title = title;
        this.help = help;
        this.parser = parser;
        this.writer = writer;
        this.getter = getter;
        this.fingerprint = fingerprint;
        this.legacyGridKey = legacyGridKey;
    }

    /**
     * A setting written as a plain value of {@code kind} ({@code P}: String, Integer, Long, Double, Float or Boolean).
     *
     * @param parse  checks a plain value and returns the typed one; throws {@link InvalidSettingException} (its
     *               problem is reported under this setting's key)
     * @param write  the plain value of a typed one (its text, {@code String.valueOf}, is what fingerprints hold)
     * @param getter where the setting lives in a run configuration
     */
    @SuppressWarnings("unchecked")
    static <P, T> Setting<T> of(String key, String flag, String paramLabel, String defaultText, Kind kind, String title,
                                String help, Function<P, T> parse, Function<T, P> write, Function<RunConfig, T> getter) {
        return new Setting<>(key, flag, paramLabel, defaultText, kind, title, help, p -> parse.apply((P) p),
                write::apply, getter, Fingerprint.ALWAYS, null);
    }

    /** This setting with another fingerprint policy. */
    Setting<T> fingerprint(Fingerprint f) {
        return new Setting<>(key, flag, paramLabel, defaultText, kind, title, help, parser, writer, getter, f, legacyGridKey);
    }

    /** This setting, also accepted in grid files under the key it had there before (kept for files already written). */
    Setting<T> legacyGridKey(String k) {
        return new Setting<>(key, flag, paramLabel, defaultText, kind, title, help, parser, writer, getter, fingerprint, k);
    }

    public String key() {
        return key;
    }

    public String flag() {
        return flag;
    }

    /** The label of the flag's value in help texts (null for a flag without value). */
    public String paramLabel() {
        return paramLabel;
    }

    /** The default as a user writes it (e.g. {@code 5e-4}). */
    public String defaultText() {
        return defaultText;
    }

    public Kind kind() {
        return kind;
    }

    /** A short column title for tables (e.g. {@code Hidden act.}). */
    public String title() {
        return title;
    }

    public String help() {
        return help;
    }

    public Fingerprint fingerprint() {
        return fingerprint;
    }

    /** The key grid files used for this setting before it had its own key, or null. */
    public String legacyGridKey() {
        return legacyGridKey;
    }

    /**
     * Checks a plain value (of {@link #kind}'s type, or any number for a numeric kind) and returns the typed
     * value; every problem is an {@link InvalidSettingException} naming this setting's key.
     */
    public T parse(Object plain) {
        Object p = plain instanceof Number n ? switch (kind) {
            case INT -> n.intValue();
            case LONG -> n.longValue();
            case DOUBLE -> n.doubleValue();
            case FLOAT -> n.floatValue();
            default -> plain;
        } : plain;
        if (p == null || !kind.type().isPrimitive() && !kind.type().isInstance(p)
                || kind.type().isPrimitive() && !wrapperOf(kind).isInstance(p)) {
            throw new InvalidSettingException(key, "expected " + expected() + ", got " + plain);
        }
        try {
            return parser.apply(p);
        } catch (InvalidSettingException e) {
            throw key.equals(e.setting()) ? e : new InvalidSettingException(key, e.problem());
        }
    }

    /** What a plain value of this setting looks like, for messages. */
    public String expected() {
        return switch (kind) {
            case TEXT -> "a string";
            case INT, LONG -> "an integer";
            case DOUBLE, FLOAT -> "a number";
            case FLAG -> "true or false";
        };
    }

    private static Class<?> wrapperOf(Kind k) {
        return switch (k) {
            case INT -> Integer.class;
            case LONG -> Long.class;
            case DOUBLE -> Double.class;
            case FLOAT -> Float.class;
            case FLAG -> Boolean.class;
            case TEXT -> String.class;
        };
    }

    /** The plain value of a typed one (a String, Integer, Long, Double, Float or Boolean). */
    public Object raw(T value) {
        return writer.apply(value);
    }

    /** The text of a typed value, as fingerprints and model metadata write it ({@code 5.0E-4}, {@code tanh}). */
    public String text(T value) {
        return String.valueOf(raw(value));
    }

    /** A plain value as this setting writes it once checked (ids in lower case, a topology as drtp spells it). */
    public Object normalise(Object plain) {
        return raw(parse(plain));
    }

    /** The default, as a plain value. */
    public Object plainDefault() {
        return raw(defaultValue());
    }

    /** The default, typed. */
    public T defaultValue() {
        return parse(kind.ofText(defaultText));
    }

    /** This setting's value in {@code config}. */
    public T of(RunConfig config) {
        return getter.apply(config);
    }

    /** True when {@code config} holds this setting's default. */
    public boolean isDefault(RunConfig config) {
        return Objects.equals(raw(of(config)), plainDefault());
    }

    @Override
    public String toString() {
        return key;
    }
}
