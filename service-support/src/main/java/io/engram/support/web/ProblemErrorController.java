package io.engram.support.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.autoconfigure.error.AbstractErrorController;
import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Answers the servlet container's error dispatch (errors raised outside a controller: filters, the
 * container's own URL checks) with a problem document instead of Boot's default JSON or HTML page.
 */
@RequestMapping("${server.error.path:/error}")
public class ProblemErrorController extends AbstractErrorController {

  public ProblemErrorController(ErrorAttributes errorAttributes) {
    super(errorAttributes);
  }

  @RequestMapping(produces = {MediaType.APPLICATION_PROBLEM_JSON_VALUE, MediaType.APPLICATION_JSON_VALUE, "*/*"})
  ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
    HttpStatus status = getStatus(request);
    if (status.value() < 400) {
      status = HttpStatus.INTERNAL_SERVER_ERROR;
    }
    String detail = status.is5xxServerError()
        ? "The service failed to handle the request; quote the request id when reporting it."
        : "The request could not be handled: " + status.getReasonPhrase() + ".";
    Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
    ProblemDetail problem = Problems.of(status, Problems.slugFor(status.value()), status.getReasonPhrase(), detail);
    if (uri instanceof String path && path.length() <= 512) {
      problem.setProperty("path", path);
    }
    return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
  }
}
