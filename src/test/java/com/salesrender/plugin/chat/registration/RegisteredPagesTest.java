package com.salesrender.plugin.chat.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.salesrender.plugin.chat.api.RegisteredReferences;
import org.junit.jupiter.api.Test;

class RegisteredPagesTest {

    @Test
    void aPageStartsAtItsNumberTimesItsSize() {
        assertEquals(0, RegisteredPages.firstRow(0, 1));
        assertEquals(300, RegisteredPages.firstRow(3, 100));
        assertEquals(
                (long) Integer.MAX_VALUE * RegisteredReferences.MAX_PAGE_SIZE,
                RegisteredPages.firstRow(Integer.MAX_VALUE, RegisteredReferences.MAX_PAGE_SIZE),
                "no int overflow");
    }

    @Test
    void aNegativePageOrASizeOutside1To1000IsRefused() {
        assertThrows(IllegalArgumentException.class, () -> RegisteredPages.firstRow(-1, 10));
        assertThrows(IllegalArgumentException.class, () -> RegisteredPages.firstRow(0, 0));
        assertThrows(IllegalArgumentException.class, () -> RegisteredPages.firstRow(0, 1001));
    }
}
