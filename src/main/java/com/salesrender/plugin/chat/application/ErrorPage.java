package com.salesrender.plugin.chat.application;

import com.salesrender.plugin.chat.platform.ApiError;
import com.salesrender.plugin.chat.platform.ErrorBody;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Response;
import java.io.IOException;

/**
 * Errors the container answers itself (before or outside JAX-RS) get the same JSON shape and CORS headers as the
 * application's, instead of an HTML page. Wired in web.xml as the error page.
 */
@WebServlet("/error-page")
public class ErrorPage extends HttpServlet {

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i && i >= 400 ? i : 500;
        String message = status >= 500 ? ApiError.INTERNAL : reason(status);
        ErrorBody.write(response, status, message);
    }

    private static String reason(int status) {
        var known = Response.Status.fromStatusCode(status);
        return known == null ? "Error" : known.getReasonPhrase();
    }
}
