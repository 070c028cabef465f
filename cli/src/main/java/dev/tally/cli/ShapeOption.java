package dev.tally.cli;

import dev.tally.core.sample.SampleTrace;
import java.util.Locale;
import picocli.CommandLine;

/** Reads {@code --shape int|float}. */
final class ShapeOption implements CommandLine.ITypeConverter<SampleTrace.Shape> {
    @Override
    public SampleTrace.Shape convert(String value) {
        try {
            return SampleTrace.Shape.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException("expected int or float, not '" + value + "'");
        }
    }
}
