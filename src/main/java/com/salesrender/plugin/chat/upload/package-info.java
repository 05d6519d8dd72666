/**
 * File uploads: the upload routes, the served files, the store in the database with its retention, and the bean behind
 * the API's {@code Uploads}. The files live in the database so that every instance serves every upload. It may use
 * {@code registration}, {@code access}, {@code platform} and the plugin API.
 */
package com.salesrender.plugin.chat.upload;
