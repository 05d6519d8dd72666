package com.salesrender.plugin.chat.form;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.salesrender.plugin.chat.api.Field;
import jakarta.json.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JSON of the lookups, as the reference's example plugins answer them. */
class FieldAnswersTest {

    @Test
    void optionsAreKeyedByValueInTheMapsOrderAndNoneIsAnEmptyArray() {
        Map<String, Field.Option> options = new LinkedHashMap<>();
        options.put("dynamic_9", new Field.Option("Value #9", "1-10"));
        options.put("dynamic_19", new Field.Option("Value #19", null));
        assertEquals(
                "{\"dynamic_9\":{\"title\":\"Value #9\",\"group\":\"1-10\"},"
                        + "\"dynamic_19\":{\"title\":\"Value #19\",\"group\":null}}",
                FieldAnswers.options("example", options).toString());
        assertEquals("[]", FieldAnswers.options("example", Map.of()).toString());
    }

    @Test
    void aTableIsAnArrayOfRows() {
        List<List<?>> rows = List.of(
                List.of("Width", "Length", "Height"),
                Arrays.asList(26, null, 12L),
                List.of(1.5, new BigDecimal("2.50"), BigInteger.TEN, true),
                List.of(Json.createObjectBuilder().add("a", 1).build(), ""));
        assertEquals(
                "[[\"Width\",\"Length\",\"Height\"],[26,null,12],[1.5,2.50,10,true],[{\"a\":1},\"\"]]",
                FieldAnswers.table("excel", rows).toString());
        assertEquals("[]", FieldAnswers.table("excel", List.of()).toString());
    }

    @Test
    void markdownIsWrapped() {
        assertEquals(
                "{\"markdown\":\"# Title\\n\"}",
                FieldAnswers.markdown("readme", "# Title\n").toString());
    }

    @Test
    void whatJsonCannotHoldIsTheBeansMistake() {
        assertThrows(IllegalStateException.class, () -> FieldAnswers.options("a", null));
        Map<String, Field.Option> nullOption = new LinkedHashMap<>();
        nullOption.put("x", null);
        assertThrows(IllegalStateException.class, () -> FieldAnswers.options("a", nullOption));
        assertThrows(
                IllegalStateException.class, () -> FieldAnswers.options("a", Map.of("x", new Field.Option(null, "g"))));
        assertThrows(IllegalStateException.class, () -> FieldAnswers.markdown("m", null));
        assertThrows(IllegalStateException.class, () -> FieldAnswers.table("t", null));
        assertThrows(IllegalStateException.class, () -> FieldAnswers.table("t", Arrays.asList(List.of("a"), null)));
        assertThrows(IllegalStateException.class, () -> FieldAnswers.table("t", List.of(List.of(new Object()))));
        assertThrows(IllegalStateException.class, () -> FieldAnswers.table("t", List.of(List.of(Double.NaN))));
    }
}
