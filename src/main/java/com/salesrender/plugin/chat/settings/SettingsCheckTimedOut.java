package com.salesrender.plugin.chat.settings;

import com.salesrender.plugin.chat.platform.ApiError;
import java.time.Duration;

/**
 * 504: a {@link com.salesrender.plugin.chat.api.SettingsCheck} did not answer within
 * {@code plugin.settings.check-timeout}; nothing was saved. Not a 400: the settings may well be right, the gateway
 * behind the check did not say so in time (the CRM's user may save again).
 */
public class SettingsCheckTimedOut extends ApiError {

    SettingsCheckTimedOut(Duration timeout) {
        super(504, "The settings could not be checked within " + seconds(timeout) + "; nothing was saved");
    }

    private static String seconds(Duration timeout) {
        return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
    }
}
