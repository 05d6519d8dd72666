/**
 * What the plugin says about itself: {@code /info}, {@code /icon.png} and {@code /robots.txt}. All of it comes from
 * configuration and is checked at start, so a wrong value stops the start instead of reaching the CRM. It may use
 * {@code platform} only.
 */
package com.salesrender.plugin.chat.info;
