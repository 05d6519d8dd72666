package com.salesrender.plugin.chat.platform;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/**
 * Strict decoding of form-encoded text ({@code application/x-www-form-urlencoded} bodies and query strings): a broken
 * percent escape or bytes that are not UTF-8 are a 400, never a replacement character.
 */
public final class FormText {

    private FormText() {}

    /**
     * Percent escapes and {@code +} (a space, as PHP reads forms) decoded to bytes, then read as UTF-8.
     *
     * @param refusal the 400's message when the text is broken
     */
    public static String decode(String text, String refusal) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%') {
                int high = i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
                int low = high < 0 ? -1 : Character.digit(text.charAt(i + 2), 16);
                if (low < 0) {
                    throw ApiError.invalid(refusal);
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else {
                byte[] raw = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(raw, 0, raw.length);
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw ApiError.invalid(refusal);
        }
    }
}
