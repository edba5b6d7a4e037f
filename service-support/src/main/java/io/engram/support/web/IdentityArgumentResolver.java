package io.engram.support.web;

import io.engram.support.identity.InternalIdentity;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Hands the verified {@link InternalIdentity} to any controller method that declares a parameter of that type. */
public class IdentityArgumentResolver implements HandlerMethodArgumentResolver {

  @Override
  public boolean supportsParameter(MethodParameter parameter) {
    return InternalIdentity.class.equals(parameter.getParameterType());
  }

  @Override
  public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
      NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
    Object identity = webRequest.getAttribute(IdentityFilter.ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
    if (identity == null) {
      throw new ProblemException(HttpStatus.UNAUTHORIZED, "unauthenticated", "Unauthenticated",
          "No internal identity on this request.");
    }
    return identity;
  }
}
