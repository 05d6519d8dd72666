package com.salesrender.plugin.chat.form;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.salesrender.plugin.chat.platform.ApiError;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lookup routes' query parameters, read as the reference core reads them, and strictly. */
class FieldQueryTest {

    @Test
    void nothingIsAnEmptyTextWithEmptyDependenciesAndContext() {
        for (String none : new String[] {null, "", "&", "_=1700000000"}) {
            FieldQuery query = FieldQuery.read(none);
            assertEquals("", query.text());
            assertEquals(List.of(), query.values());
            assertEquals(JsonValue.EMPTY_JSON_ARRAY, query.dependencies());
            assertEquals(JsonValue.EMPTY_JSON_ARRAY, query.context());
        }
    }

    @Test
    void aTextIsDecodedAsPhpDecodesAQuery() {
        assertEquals("Sankt Peterburg", FieldQuery.read("query=Sankt+Peterburg").text());
        assertEquals(
                "Санкт & ко",
                FieldQuery.read("query=%D0%A1%D0%B0%D0%BD%D0%BA%D1%82%20%26%20%D0%BA%D0%BE")
                        .text());
        assertEquals("", FieldQuery.read("query=").text());
        assertEquals("", FieldQuery.read("query").text());
        assertEquals("a=b", FieldQuery.read("query=a=b").text());
    }

    @Test
    void aListOfValuesInTheOrderSentInEitherPhpSyntax() {
        assertEquals(
                List.of("b", "a", "c"),
                FieldQuery.read("query[]=b&query[]=a&query%5B%5D=c").values());
        assertEquals(
                List.of("9", "10"), FieldQuery.read("query[1]=9&query[0]=10").values());
        assertEquals("", FieldQuery.read("query[]=x").text());
    }

    @Test
    void dependenciesAndContextAreJson() {
        FieldQuery query = FieldQuery.read("query=a&dep=%5B1%2C%22x%22%5D&context=%7B%22k%22%3Anull%7D");
        assertEquals(Json.createArrayBuilder().add(1).add("x").build(), query.dependencies());
        assertEquals(Json.createObjectBuilder().addNull("k").build(), query.context());
        assertEquals(Json.createValue(5), FieldQuery.read("dep=5").dependencies());
        assertEquals(JsonValue.NULL, FieldQuery.read("context=null").context());
    }

    @Test
    void whatCannotBeReadIsA400() {
        for (String bad : List.of(
                "dep=%5B1",
                "dep=",
                "context=%7B%22a%22%3A1%2C%22a%22%3A2%7D",
                "dep=[]&dep=[]",
                "context=[]&context=[]",
                "query=a&query=b",
                "query=a&query[]=b",
                "query=%E0%A4",
                "query=%ZZ",
                "query=%4")) {
            ApiError refused = assertThrows(ApiError.class, () -> FieldQuery.read(bad), bad);
            assertEquals(400, refused.status(), bad);
        }
    }
}
