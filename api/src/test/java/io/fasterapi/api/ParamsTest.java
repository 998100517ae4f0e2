package io.fasterapi.api;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ParamsTest {
    enum Size { SMALL, LARGE }

    @Test
    void convertsTheSupportedTypes() {
        assertEquals(42, Params.convert("42", int.class));
        assertEquals(42, Params.convert("42.0", Integer.class), "lax: a zero fraction is an integer");
        assertEquals(-7L, Params.convert(" -7 ", long.class));
        assertEquals(2.5, Params.convert("2.5", double.class));
        assertEquals(true, Params.convert("yes", boolean.class));
        assertEquals(false, Params.convert("0", Boolean.class));
        assertEquals(new BigDecimal("1.10"), Params.convert("1.10", BigDecimal.class));
        assertEquals(Size.LARGE, Params.convert("large", Size.class));
        assertEquals(LocalDate.of(2026, 11, 26), Params.convert("2026-11-26", LocalDate.class));
    }

    @Test
    void failuresCarryPydanticTypes() {
        assertEquals("int_parsing", type(() -> Params.convert("4.5", int.class)));
        assertEquals("int_parsing", type(() -> Params.convert("99999999999", int.class)));
        assertEquals("float_parsing", type(() -> Params.convert("NaN", double.class)));
        assertEquals("float_parsing", type(() -> Params.convert("0x10", double.class)));
        assertEquals("bool_parsing", type(() -> Params.convert("maybe", boolean.class)));
        assertEquals("enum", type(() -> Params.convert("medium", Size.class)));
        assertEquals("date_parsing", type(() -> Params.convert("26/11/2026", LocalDate.class)));
    }

    @Test
    void headerNamesFromJavaNames() {
        assertEquals("user-agent", Params.headerName("userAgent"));
        assertEquals("x-request-id", Params.headerName("xRequestId"));
        assertEquals("x-token", Params.headerName("x_token"));
    }

    @Test
    void queryStringsDecode() {
        Map<String, List<String>> q = PercentDecoding.parseQuery("a=1&b=x+y&b=%C3%A9&flag&=v&&c=");
        assertEquals(List.of("1"), q.get("a"));
        assertEquals(List.of("x y", "\u00e9"), q.get("b"));
        assertEquals(List.of(""), q.get("flag"));
        assertEquals(List.of(""), q.get("c"));
        assertEquals(List.of("v"), q.get(""));
        assertThrows(PercentDecoding.MalformedException.class, () -> PercentDecoding.parseQuery("a=%zz"));
    }

    @Test
    void aNulInAPathSegmentIsRefused() {
        assertThrows(PercentDecoding.MalformedException.class, () -> PercentDecoding.decode("report%00.pdf", false));
        assertEquals("a b", PercentDecoding.decode("a%20b", false));
        App app = App.create(AppConfig.defaults().withHost("127.0.0.1"));
        app.get("/files/{name}", request -> request.pathParam("name"));
        try (TestClient client = TestClient.of(app)) {
            assertEquals(400, client.get("/files/report%00.pdf").status());
            assertEquals("report.pdf", client.get("/files/report.pdf").text());
        }
    }

    private static String type(Runnable r) {
        return assertThrows(Params.ConversionException.class, r::run).type();
    }
}
