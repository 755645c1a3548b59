package org.drtp.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CsvTest {

    @Test
    void headerThenRowsWithRfc4180QuotingAndNewlineEnds() {
        Csv csv = new Csv("name", "value");
        csv.row("plain", 1).row("a,b", "say \"hi\"").row(Arrays.asList("two\nlines", null));
        assertEquals("name,value\nplain,1\n\"a,b\",\"say \"\"hi\"\"\"\n\"two\nlines\",\n", csv.toString());
        assertEquals(3, csv.rows());
    }

    @Test
    void numbersAreFormattedWithoutTheLocaleAndNaNIsEmpty() {
        assertEquals("0.5000", Csv.fixed(0.5, 4));
        assertEquals("", Csv.fixed(Double.NaN, 4));
        assertEquals("0.426414", Csv.significant(0.4264139, 6));
        assertEquals("", Csv.significant(Double.NaN, 6));
    }
}
