package org.drtp.device;

import java.util.List;
import java.util.Locale;
import org.drtp.settings.InvalidSettingException;

/**
 * The arithmetic a network trains in: {@code float32} (the Java float path) or one of the integer formats of
 * docs/on-device.md, named by their weight width. Integer formats round weight updates stochastically by
 * default; the {@code -nearest} variants round to nearest and exist to show (measure) why stochastic rounding
 * is the default.
 */
public record Precision(String id, int weightBits, boolean stochastic) {

    public static final Precision FLOAT32 = new Precision("float32", 32, false);
    public static final Precision INT8 = new Precision("int8", 8, true);
    public static final Precision INT16 = new Precision("int16", 16, true);
    public static final List<String> IDS = List.of("float32", "int8", "int16", "int8-nearest", "int16-nearest");

    /** Parses a precision id (case-insensitive); an unknown one is an {@link InvalidSettingException} naming the accepted ids. */
    public static Precision parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "float32", "float", "fp32" -> FLOAT32;
            case "int8" -> INT8;
            case "int16" -> INT16;
            case "int8-nearest" -> new Precision("int8-nearest", 8, false);
            case "int16-nearest" -> new Precision("int16-nearest", 16, false);
            default -> throw new InvalidSettingException("precision", "unknown precision '" + s + "', expected one of " + IDS);
        };
    }

    public boolean isInteger() {
        return weightBits < 32;
    }

    /** Largest weight code the type holds (the saturation bound may be lower, see {@link DeviceLayer}). */
    public int typeMax() {
        return (1 << (weightBits - 1)) - 1;
    }

    @Override
    public String toString() {
        return id;
    }
}
