package dev.tally.core;

import java.math.BigInteger;

/**
 * Python's {@code float(str)} and {@code int(str)} string parsing, which the hespas reference applies to
 * string timestamps and to the parts of a stream version. Java's own parsers accept other spellings
 * ({@code "1d"}, {@code "0x1p3"}, {@code "Infinity"} only in one case), so the grammar is checked here and
 * only a plain ASCII decimal literal reaches {@link Double#parseDouble}, which rounds correctly as Python does.
 */
final class PythonNumbers {
    private PythonNumbers() {
    }

    /** Parses like Python's {@code float(s)}; throws with Python's message on failure. */
    static double parseFloat(String s) {
        String t = toAsciiStripped(s);
        if (t != null) {
            double v = parseAsciiFloat(t);
            if (!Double.isNaN(v) || isNanWord(t)) {
                return v;
            }
        }
        throw new NumberFormatException("could not convert string to float: " + pythonRepr(s));
    }

    /** Parses like Python's {@code int(s)} in base 10; throws with Python's message on failure. */
    static BigInteger parseInt(String s) {
        String t = toAsciiStripped(s);
        if (t != null) {
            String digits = plainDigits(t, t.startsWith("+") || t.startsWith("-") ? 1 : 0, t.length());
            if (digits != null && !digits.isEmpty()) {
                BigInteger v = new BigInteger(digits);
                return t.startsWith("-") ? v.negate() : v;
            }
        }
        throw new NumberFormatException("invalid literal for int() with base 10: " + pythonRepr(s));
    }

    /**
     * Python first maps non-ASCII white space to a space and non-ASCII decimal digits to ASCII ones, then strips
     * ASCII white space from both ends. Returns null when a non-ASCII character is neither.
     */
    private static String toAsciiStripped(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 128) {
                if (b != null) {
                    b.append(c);
                }
                continue;
            }
            if (b == null) {
                b = new StringBuilder(s.length()).append(s, 0, i);
            }
            int cp = s.codePointAt(i);
            if (isPythonSpace(cp)) {
                b.append(' ');
            } else if (Character.getType(cp) == Character.DECIMAL_DIGIT_NUMBER) {
                b.append((char) ('0' + Character.digit(cp, 10)));
            } else {
                return null;
            }
            i += Character.charCount(cp) - 1;
        }
        String t = b == null ? s : b.toString();
        int from = 0;
        int to = t.length();
        while (from < to && isAsciiSpace(t.charAt(from))) {
            from++;
        }
        while (to > from && isAsciiSpace(t.charAt(to - 1))) {
            to--;
        }
        return t.substring(from, to);
    }

    private static boolean isAsciiSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0b || c == 0x0c;
    }

    /** Non-ASCII code points that Python's {@code str.isspace()} accepts. */
    private static boolean isPythonSpace(int cp) {
        return cp == 0x85 || Character.isSpaceChar(cp) || Character.isWhitespace(cp);
    }

    private static boolean isNanWord(String t) {
        String u = t.startsWith("+") || t.startsWith("-") ? t.substring(1) : t;
        return u.equalsIgnoreCase("nan");
    }

    /** Returns NaN for anything that is not a valid literal (callers tell a real "nan" apart). */
    private static double parseAsciiFloat(String t) {
        int i = 0;
        boolean negative = false;
        if (i < t.length() && (t.charAt(i) == '+' || t.charAt(i) == '-')) {
            negative = t.charAt(i) == '-';
            i++;
        }
        String rest = t.substring(i);
        if (rest.equalsIgnoreCase("inf") || rest.equalsIgnoreCase("infinity")) {
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (rest.equalsIgnoreCase("nan")) {
            return Double.NaN;
        }
        // digits [. digits] [e [sign] digits], with at least one digit in the mantissa.
        int n = t.length();
        int intEnd = scanDigits(t, i);
        String intPart = plainDigits(t, i, intEnd);
        int p = intEnd;
        String fracPart = "";
        if (p < n && t.charAt(p) == '.') {
            int fracEnd = scanDigits(t, p + 1);
            fracPart = plainDigits(t, p + 1, fracEnd);
            p = fracEnd;
        }
        if (intPart == null || fracPart == null || (intPart.isEmpty() && fracPart.isEmpty())) {
            return Double.NaN;
        }
        String expPart = "";
        if (p < n && (t.charAt(p) == 'e' || t.charAt(p) == 'E')) {
            int q = p + 1;
            String sign = "";
            if (q < n && (t.charAt(q) == '+' || t.charAt(q) == '-')) {
                sign = t.substring(q, q + 1);
                q++;
            }
            int expEnd = scanDigits(t, q);
            String digits = plainDigits(t, q, expEnd);
            if (digits == null || digits.isEmpty()) {
                return Double.NaN;
            }
            expPart = "e" + sign + digits;
            p = expEnd;
        }
        if (p != n) {
            return Double.NaN;
        }
        String literal = (negative ? "-" : "") + (intPart.isEmpty() ? "0" : intPart) + "." + (fracPart.isEmpty() ? "0" : fracPart) + expPart;
        return Double.parseDouble(literal);
    }

    private static int scanDigits(String t, int from) {
        int i = from;
        while (i < t.length() && ((t.charAt(i) >= '0' && t.charAt(i) <= '9') || t.charAt(i) == '_')) {
            i++;
        }
        return i;
    }

    /**
     * The digits of {@code t[from, to)} with Python's single underscores between digits removed; null when an
     * underscore is misplaced or a character is not a digit. An empty range gives "".
     */
    private static String plainDigits(String t, int from, int to) {
        StringBuilder b = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            char c = t.charAt(i);
            if (c == '_') {
                boolean between = i > from && i + 1 < to && isDigit(t.charAt(i - 1)) && isDigit(t.charAt(i + 1));
                if (!between) {
                    return null;
                }
            } else if (isDigit(c)) {
                b.append(c);
            } else {
                return null;
            }
        }
        if (from == to) {
            return "";
        }
        return b.length() == 0 ? null : b.toString();
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Python's {@code repr()} of a string, for error messages: the quotes and escapes Python would print. */
    static String pythonRepr(String s) {
        boolean useDouble = s.indexOf('\'') >= 0 && s.indexOf('"') < 0;
        char quote = useDouble ? '"' : '\'';
        StringBuilder b = new StringBuilder(s.length() + 2).append(quote);
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == quote || cp == '\\') {
                b.append('\\').appendCodePoint(cp);
            } else if (cp == '\n') {
                b.append("\\n");
            } else if (cp == '\r') {
                b.append("\\r");
            } else if (cp == '\t') {
                b.append("\\t");
            } else if (cp != ' ' && !isPrintable(cp)) {
                b.append(cp < 0x100 ? String.format("\\x%02x", cp)
                        : cp < 0x10000 ? String.format("\\u%04x", cp) : String.format("\\U%08x", cp));
            } else {
                b.appendCodePoint(cp);
            }
        }
        return b.append(quote).toString();
    }

    /** Python's {@code str.isprintable()} for one code point: not a control, format, separator or unassigned one. */
    private static boolean isPrintable(int cp) {
        switch (Character.getType(cp)) {
            case Character.CONTROL:
            case Character.FORMAT:
            case Character.SURROGATE:
            case Character.PRIVATE_USE:
            case Character.UNASSIGNED:
            case Character.LINE_SEPARATOR:
            case Character.PARAGRAPH_SEPARATOR:
            case Character.SPACE_SEPARATOR:
                return false;
            default:
                return true;
        }
    }
}
