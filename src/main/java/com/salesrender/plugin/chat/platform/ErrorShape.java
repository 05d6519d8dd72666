package com.salesrender.plugin.chat.platform;

import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

/**
 * Gives every documented error answer (4xx, 5xx) without content of its own the one error shape in {@code /openapi}, so
 * the resources list only their codes. Registered as {@code mp.openapi.filter}.
 */
public class ErrorShape implements OASFilter {

    public static final String SCHEMA = "Error";

    @Override
    public Operation filterOperation(Operation operation) {
        if (operation.getResponses() == null) {
            return operation;
        }
        for (Map.Entry<String, APIResponse> response :
                operation.getResponses().getAPIResponses().entrySet()) {
            if (response.getKey().matches("[45]\\d\\d")
                    && isEmpty(response.getValue().getContent())) {
                response.getValue()
                        .setContent(OASFactory.createContent()
                                .addMediaType(
                                        "application/json",
                                        OASFactory.createMediaType()
                                                .schema(OASFactory.createSchema()
                                                        .ref(SCHEMA))));
            }
        }
        return operation;
    }

    private static boolean isEmpty(Content content) {
        return content == null
                || content.getMediaTypes() == null
                || content.getMediaTypes().isEmpty();
    }
}
