package org.retrowalk.cds.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The rule texts are put on one line by a loop that replaced {@code strip()} and {@code \s+} to one space (it runs
 * for every text of every rule that fires, on every call). It must give exactly what the regular expression gave,
 * or every card's words could change.
 */
class RuleTextsOneLineTest {

    private static final Pattern REGEX = Pattern.compile("\\s+");

    private static String byRegex(String text) {
        return REGEX.matcher(text.strip()).replaceAll(" ");
    }

    @Test
    void givesWhatTheRegularExpressionGave() {
        for (String text : List.of("", " ", "\n\n", "one", "  one  ", "one two", "one  two", "one\ntwo", "one \n  two\t\tthree ",
                "aged 80 or over;\n  a fall\r\nin the last 12 months", "a\u000Bb\fc", "end \t", "x \u00A0 y", "\u2003lead and trail\u2003",
                "one\u001Ctwo", "a  b c\td")) {
            assertEquals(byRegex(text), RuleTexts.oneLine(text), () -> "for " + text.replace("\n", "\\n"));
        }
    }

    @Test
    void givesWhatTheRegularExpressionGaveOnRandomTexts() {
        Random random = new Random(20261204);
        char[] alphabet = {'a', 'b', ' ', ' ', '\t', '\n', '\r', '\u000B', '\f', '\u00A0', '\u2003', '\u001C', ';'};
        for (int n = 0; n < 20_000; n++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(12);
            for (int i = 0; i < length; i++) {
                text.append(alphabet[random.nextInt(alphabet.length)]);
            }
            assertEquals(byRegex(text.toString()), RuleTexts.oneLine(text.toString()), () -> "for " + text.toString().chars()
                    .mapToObj(c -> String.format("\\u%04X", c)).reduce("", String::concat));
        }
    }

    @Test
    void aTextWithNothingToReplaceIsNotCopied() {
        String text = "aged 80 or over";
        assertSame(text, RuleTexts.oneLine(text));
    }
}
