package org.drtp.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TopologyTest {

    @Test
    void parsesTheReferenceFormat() {
        Topology t = Topology.parse("CONV_32_5_1_2_FC_1000_FC_10");
        assertEquals(List.of(new ConvSpec(32, 5, 1, 2), new FcSpec(1000), new FcSpec(10)), t.layers());
        assertEquals("CONV_32_5_1_2_FC_1000_FC_10", t.toString());
        assertEquals(Topology.parse("fc_500_fc_10"), Topology.parse("FC_500_FC_10"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"FC_500_FC_500_FC_10", "FC_10", "CONV_64_3_1_1_CONV_256_3_1_1_FC_1000_FC_1000_FC_10"})
    void roundTrips(String s) {
        assertEquals(s, Topology.parse(s).toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|empty",
        "FC|FC takes exactly one number",
        "FC_500_500_FC_10|FC takes exactly one number",
        "FC_0_FC_10|units must be a positive integer",
        "FC_-5_FC_10|units must be a positive integer",
        "FC_5x_FC_10|must be an integer",
        "500_FC_10|must start with a layer type",
        "FC_500_XX_10|unknown layer type 'XX'",
        "FC_500_CONV_3_3_1_1_FC_10|CONV needs an image input, so it must come before the layers that flatten it (here FC_500)",
        "CONV_32_5_1_2|the last layer must be FC",
        "CONV_32_5_1_FC_10|CONV takes four numbers",
        "CONV_32_5_0_2_FC_10|stride must be a positive integer",
        "CONV_32_5_1_-1_FC_10|padding must be a non-negative integer",
        "FC_500__FC_10|empty element"})
    void rejectsMalformedStringsWithAMessageSayingWhatWasExpected(String text, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Topology.parse(text));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
