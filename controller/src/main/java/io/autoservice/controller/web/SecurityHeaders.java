package io.autoservice.controller.web;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.SimpleDecoratingHttpService;

/**
 * The headers every web console response carries: a strict Content-Security-Policy (scripts and
 * styles from this origin only, no inline script, nothing framed), no MIME sniffing, no referrer,
 * HTTPS only from now on, and no caching of API answers.
 */
final class SecurityHeaders extends SimpleDecoratingHttpService {
  static final String CSP =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none';"
          + " form-action 'self'; frame-ancestors 'none'";

  SecurityHeaders(HttpService delegate) {
    super(delegate);
  }

  @Override
  public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) throws Exception {
    boolean api = !ctx.path().startsWith("/css/") && !ctx.path().startsWith("/js/");
    ctx.mutateAdditionalResponseHeaders(
        h -> {
          h.set("content-security-policy", CSP);
          h.set("x-content-type-options", "nosniff");
          h.set("x-frame-options", "DENY");
          h.set("referrer-policy", "no-referrer");
          h.set("strict-transport-security", "max-age=31536000");
          h.set("cross-origin-opener-policy", "same-origin");
          h.set("cross-origin-resource-policy", "same-origin");
          h.set("permissions-policy", "camera=(), microphone=(), geolocation=(), payment=()");
          if (api) {
            h.set("cache-control", "no-store");
          }
        });
    return unwrap().serve(ctx, req);
  }
}
