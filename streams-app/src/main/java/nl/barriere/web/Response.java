package nl.barriere.web;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** What a page answers: status, content type, body and extra headers (a redirect's location, cookies). */
record Response(int status, String contentType, byte[] body, List<Header> headers) {

    record Header(String name, String value) {
    }

    static Response html(final int status, final String html) {
        return new Response(status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8), new ArrayList<>());
    }

    static Response ok(final String html) {
        return html(200, html);
    }

    /** 303 See Other: after a POST the browser fetches the next page with GET, so a reload does not resubmit. */
    static Response redirect(final String location) {
        return new Response(303, "text/plain; charset=utf-8", new byte[0], new ArrayList<>())
                .withHeader("Location", location);
    }

    Response withHeader(final String name, final String value) {
        headers.add(new Header(name, value));
        return this;
    }
}
