package com.salesrender.plugin.chat.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class UploadRulesTest {

    @Test
    void theExtensionIsTheLowerCasedOneOfTheLastPathSegment() {
        assertEquals("png", UploadIntake.extension("photo.PNG"));
        assertEquals("txt", UploadIntake.extension("../../etc/passwd.txt"));
        assertEquals("gz", UploadIntake.extension("C:\\dir.d\\backup.tar.gz"));
        assertEquals("", UploadIntake.extension("noext"));
        assertEquals("", UploadIntake.extension("dir.d/noext"));
        assertEquals("", UploadIntake.extension("trailing."));
    }

    @Test
    void permissionsByExtensionThenAny() {
        Map<String, Long> permissions = new LinkedHashMap<>();
        permissions.put("PNG", 5L);
        permissions.put("*", 10L);
        UploadKind kind = new UploadKind("image", permissions);
        assertEquals(OptionalLong.of(5), kind.limitFor("png"));
        assertEquals(OptionalLong.of(10), kind.limitFor("jpg"));
        assertEquals(10, kind.largest());
        assertEquals("{\"png\":5,\"*\":10}", kind.permissionsJson().toString());
        assertEquals(OptionalLong.empty(), new UploadKind("voice", Map.of("ogg", 7L)).limitFor("mp3"));
    }

    @Test
    void onlyThisPluginsUploadUrisAreOpenedDirectly() {
        assertEquals(
                "http://plugin.example/uploaded/c%201/7/x.png",
                PluginUploads.uri("http://plugin.example/", "c 1", "7", "x.png"));
        assertTrue(PluginUploads.NAME
                .matcher("0b5c3f4e-6f7a-4b8c-9d0e-1f2a3b4c5d6e.png")
                .matches());
        assertFalse(PluginUploads.NAME
                .matcher("../0b5c3f4e-6f7a-4b8c-9d0e-1f2a3b4c5d6e.png")
                .matches());
        assertFalse(PluginUploads.NAME
                .matcher("0b5c3f4e-6f7a-4b8c-9d0e-1f2a3b4c5d6e.PNG")
                .matches());
    }

    @Test
    void typesThatABrowserWouldRunAreServedAsBytes() {
        assertEquals("image/png", ContentTypes.of("png"));
        assertTrue(ContentTypes.inline("image/png"));
        for (String risky : new String[] {"html", "htm", "svg", "xml", "js", "xhtml"}) {
            assertEquals(ContentTypes.BYTES, ContentTypes.of(risky), risky);
        }
        assertFalse(ContentTypes.inline(ContentTypes.of("pdf")));
    }
}
