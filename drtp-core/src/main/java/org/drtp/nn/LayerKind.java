package org.drtp.nn;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.drtp.settings.InvalidSettingException;

/**
 * How a layer kind is written in a topology string: its name (e.g. {@code CONV}), the numbers that follow it and
 * the {@link LayerSpec} they make. {@link Topology#parse} checks the count and range of the numbers here, so every
 * kind gets the same messages.
 *
 * @param example a correct element, shown when the count of numbers is wrong (e.g. {@code CONV_32_5_1_2})
 * @param create  makes the spec from the checked numbers, in order
 */
public record LayerKind(String name, String example, List<Argument> arguments, Function<int[], LayerSpec> create) {

    private static final String[] COUNTS = {"no numbers", "exactly one number", "two numbers", "three numbers",
        "four numbers", "five numbers", "six numbers"};

    /** One number of an element: its name in messages and its smallest allowed value. */
    public record Argument(String name, int min) {
    }

    public LayerKind {
        name = name.toUpperCase(Locale.ROOT);
        arguments = List.copyOf(arguments);
    }

    /** The spec of {@link #example()}, which tells what this kind's layers can do (e.g. be the output layer). */
    public LayerSpec exampleSpec() {
        List<String> parts = List.of(example.split("_"));
        return parse(parts.subList(1, parts.size()), "example " + example);
    }

    /** The spec written {@code numbers} after this kind's name; {@code where} names the element in messages. */
    LayerSpec parse(List<String> numbers, String where) {
        if (numbers.size() != arguments.size()) {
            String count = arguments.size() < COUNTS.length ? COUNTS[arguments.size()] : arguments.size() + " numbers";
            String names = arguments.isEmpty() ? ""
                    : " (" + String.join(", ", arguments.stream().map(Argument::name).toList()) + ")";
            throw new InvalidSettingException(where + ": " + name + " takes " + count + names + ", e.g. " + example);
        }
        int[] values = new int[numbers.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = number(numbers.get(i), arguments.get(i), where);
        }
        return create.apply(values);
    }

    private static int number(String s, Argument a, String where) {
        int v;
        try {
            v = Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(where + ": " + a.name() + " must be an integer, got '" + s + "'");
        }
        if (v < a.min()) {
            String range = a.min() == 0 ? "a non-negative integer" : a.min() == 1 ? "a positive integer"
                    : "an integer of at least " + a.min();
            throw new InvalidSettingException(where + ": " + a.name() + " must be " + range + ", got " + s);
        }
        return v;
    }
}
