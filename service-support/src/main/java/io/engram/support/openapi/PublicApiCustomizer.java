package io.engram.support.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.core.io.ClassPathResource;

/**
 * Makes a service's springdoc document a part of the platform's public API as clients reach it through
 * the gateway: the gateway as the server, the API key as the bearer scheme on every operation, the
 * shared RFC 9457 {@code Problem} schema with the error responses every operation can give, the shared
 * cursor pagination parameters and header, and the examples of each operation from the service's
 * {@value #EXAMPLES} (keyed by operation id: {@code request} and/or {@code response}).
 */
public final class PublicApiCustomizer implements OpenApiCustomizer {

  /** The name of the API-key security scheme in every document. */
  public static final String SCHEME = "apiKey";
  /** Where a service keeps the examples of its operations. */
  public static final String EXAMPLES = "openapi/examples.json";
  /** The gateway's address when started by {@code scripts/up}: the default server of generated clients. */
  public static final String SERVER = "http://localhost:8080";
  /** Response header with the cursor of the next page of a paginated list; absent on the last page. */
  public static final String NEXT_CURSOR_HEADER = "X-Next-Cursor";

  /** The bearer scheme's format and description, also in the gateway's merged document. */
  public static final String BEARER_FORMAT = "egk_<id>_<secret>";
  public static final String BEARER_DESCRIPTION = "An Engram API key of a tenant (scopes read, write, admin), or the"
      + " platform admin key for the admin API.";

  static final String PROBLEM = "Problem";
  static final String PROBLEM_JSON = "application/problem+json";
  private static final String REF_SCHEMAS = "#/components/schemas/";
  private static final Pattern STATUS_PATH = Pattern.compile("/v1/([a-z]+)/status");

  private final String title;
  private final String description;

  public PublicApiCustomizer(String title, String description) {
    this.title = title;
    this.description = description;
  }

  @Override
  public void customise(OpenAPI api) {
    api.info(new Info().title(title).version("v1").description(description));
    api.servers(List.of(new Server().url(SERVER).description("The gateway, as scripts/up starts it")));
    Components components = api.getComponents() == null ? new Components() : api.getComponents();
    api.components(components);
    components.addSecuritySchemes(SCHEME, bearerScheme());
    api.security(List.of(new SecurityRequirement().addList(SCHEME)));
    components.addSchemas(PROBLEM, problemSchema());
    problemResponses().forEach(components::addResponses);
    components.addParameters("Cursor", new Parameter().in("query").name("cursor").required(false)
        .description("Opaque cursor from the " + NEXT_CURSOR_HEADER + " header of the previous page; absent for the first page")
        .schema(new StringSchema()).example("Y29sbGVjdGlvbi0y"));
    components.addParameters("Limit", new Parameter().in("query").name("limit").required(false)
        .description("Page size, 1 to 1000; without it the whole list comes in one page")
        .schema(new IntegerSchema().minimum(java.math.BigDecimal.ONE).maximum(java.math.BigDecimal.valueOf(1000)))
        .example(20));
    components.addHeaders("NextCursor", new Header()
        .description("Cursor of the next page (pass it as 'cursor'); absent on the last page")
        .schema(new StringSchema()));
    Map<String, JsonNode> examples = examples();
    if (api.getPaths() == null) {
      return;
    }
    api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
      statusOperation(path, operation, components);
      jsonResponses(operation);
      pagination(operation);
      addProblemResponses(path, method, operation);
      addExamples(operation, examples.get(operation.getOperationId()));
    }));
  }

  /** The API key as an HTTP bearer scheme. */
  public static SecurityScheme bearerScheme() {
    return new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat(BEARER_FORMAT)
        .description(BEARER_DESCRIPTION);
  }

  @SuppressWarnings("rawtypes")
  private static Schema<?> problemSchema() {
    Map<String, Schema> properties = new LinkedHashMap<>();
    properties.put("type", new StringSchema().format("uri").description("Stable problem type, https://engram.dev/problems/<slug>"));
    properties.put("title", new StringSchema().description("Short summary of the problem type"));
    properties.put("status", new IntegerSchema().description("The HTTP status code"));
    properties.put("detail", new StringSchema().description("What went wrong with this request"));
    properties.put("instance", new StringSchema().format("uri-reference").description("The request path"));
    properties.put("requestId", new StringSchema().description("The request id (X-Request-Id) to quote when reporting it"));
    properties.put("errors", new ArraySchema().items(new ObjectSchema().additionalProperties(new StringSchema()))
        .description("Field errors of a validation problem"));
    Schema<?> problem = new ObjectSchema().description("An RFC 9457 problem document").properties(properties)
        .required(List.of("type", "status"));
    problem.setAdditionalProperties(Boolean.TRUE);
    return problem;
  }

  private static Map<String, ApiResponse> problemResponses() {
    Map<String, ApiResponse> responses = new LinkedHashMap<>();
    responses.put("BadRequest", problemResponse("The request is malformed or invalid", 400, "bad-request", "Bad Request",
        "The body must be {\"documents\": [...]}."));
    responses.put("Unauthorized", problemResponse("No API key, or an unknown, revoked or expired one", 401,
        "unauthenticated", "Unauthorized", "A valid API key is required: 'Authorization: Bearer <key>'."));
    responses.put("Forbidden", problemResponse("The key lacks the scope this operation needs", 403, "forbidden",
        "Forbidden", "This operation needs the 'write' scope."));
    responses.put("NotFound", problemResponse("No such resource for this tenant", 404, "not-found", "Not Found",
        "No collection 'handbook'."));
    responses.put("TooManyRequests", problemResponse("The tenant's or key's rate limit is exhausted; retry after"
        + " the Retry-After seconds", 429, "rate-limited", "Too Many Requests", "Rate limit exceeded."));
    return responses;
  }

  private static ApiResponse problemResponse(String description, int status, String slug, String title, String detail) {
    Map<String, Object> example = new LinkedHashMap<>();
    example.put("type", "https://engram.dev/problems/" + slug);
    example.put("title", title);
    example.put("status", status);
    example.put("detail", detail);
    example.put("requestId", "req-7f3a9c");
    return new ApiResponse().description(description).content(new Content().addMediaType(PROBLEM_JSON,
        new MediaType().schema(new Schema<>().$ref(REF_SCHEMAS + PROBLEM)).example(example)));
  }

  /** The status endpoint every service shares gets a name per service and a schema. */
  private static void statusOperation(String path, Operation operation, Components components) {
    Matcher matcher = STATUS_PATH.matcher(path);
    if (!matcher.matches()) {
      return;
    }
    String service = matcher.group(1);
    operation.operationId("get" + service.substring(0, 1).toUpperCase(Locale.ROOT) + service.substring(1) + "Status");
    operation.tags(List.of("status"));
    operation.summary("Which tenant, scopes and request id the " + service + " service sees for this key");
    operation.description("The cheapest call that proves the path client - gateway - service works.");
    Map<String, Object> example = new LinkedHashMap<>();
    example.put("service", service);
    example.put("tenantId", "acme");
    example.put("scopes", List.of("read", "write"));
    example.put("requestId", "req-7f3a9c");
    operation.getResponses().values().stream().filter(r -> r.getContent() != null)
        .forEach(r -> r.getContent().values().forEach(media -> media.example(example)));
  }

  /** springdoc writes {@code *}/{@code *} for responses whose type the handler leaves open; ours are JSON. */
  private static void jsonResponses(Operation operation) {
    if (operation.getResponses() == null) {
      return;
    }
    operation.getResponses().values().forEach(response -> {
      Content content = response.getContent();
      if (content != null && content.containsKey("*/*")) {
        MediaType any = content.remove("*/*");
        content.addMediaType(org.springframework.http.MediaType.APPLICATION_JSON_VALUE, any);
      }
    });
  }

  /** A list operation with {@code limit} and {@code cursor} uses the shared parameters and next-cursor header. */
  private static void pagination(Operation operation) {
    if (operation.getParameters() == null) {
      return;
    }
    boolean paged = false;
    List<Parameter> parameters = new ArrayList<>();
    for (Parameter parameter : operation.getParameters()) {
      if ("query".equals(parameter.getIn()) && ("limit".equals(parameter.getName()) || "cursor".equals(parameter.getName()))) {
        parameters.add(new Parameter().$ref("#/components/parameters/" + ("limit".equals(parameter.getName()) ? "Limit" : "Cursor")));
        paged = true;
      } else {
        parameters.add(parameter);
      }
    }
    operation.setParameters(parameters);
    if (paged && operation.getResponses() != null && operation.getResponses().get("200") != null) {
      operation.getResponses().get("200").addHeaderObject(NEXT_CURSOR_HEADER, new Header().$ref("#/components/headers/NextCursor"));
    }
  }

  private static void addProblemResponses(String path, PathItem.HttpMethod method, Operation operation) {
    ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
    operation.responses(responses);
    boolean hasInput = operation.getRequestBody() != null || operation.getParameters() != null
        && operation.getParameters().stream().anyMatch(p -> !"path".equals(p.getIn()));
    if (hasInput) {
      responses.addApiResponse("400", ref("BadRequest"));
    }
    responses.addApiResponse("401", ref("Unauthorized"));
    responses.addApiResponse("403", ref("Forbidden"));
    if (path.contains("{")) {
      responses.addApiResponse("404", ref("NotFound"));
    }
    responses.addApiResponse("429", ref("TooManyRequests"));
  }

  private static ApiResponse ref(String name) {
    return new ApiResponse().$ref("#/components/responses/" + name);
  }

  private static void addExamples(Operation operation, JsonNode example) {
    if (example == null) {
      return;
    }
    if (example.has("parameters") && operation.getParameters() != null) {
      for (Parameter parameter : operation.getParameters()) {
        JsonNode value = parameter.getName() == null ? null : example.get("parameters").get(parameter.getName());
        if (value != null) {
          parameter.example(value.isTextual() ? value.asText() : value);
        }
      }
    }
    if (example.has("request") && operation.getRequestBody() != null && operation.getRequestBody().getContent() != null) {
      Content content = operation.getRequestBody().getContent();
      MediaType media = content.containsKey("application/json") ? content.get("application/json")
          : content.values().iterator().next();
      JsonNode request = example.get("request");
      media.example(request.isTextual() ? request.asText() : request);
    }
    if (example.has("response") && operation.getResponses() != null) {
      for (Map.Entry<String, ApiResponse> response : new ArrayList<>(operation.getResponses().entrySet())) {
        if (response.getKey().startsWith("2") && response.getValue().getContent() != null
            && !response.getValue().getContent().isEmpty()) {
          response.getValue().getContent().values().iterator().next().example(example.get("response"));
          break;
        }
      }
    }
  }

  private static Map<String, JsonNode> examples() {
    ClassPathResource resource = new ClassPathResource(EXAMPLES);
    Map<String, JsonNode> examples = new LinkedHashMap<>();
    if (!resource.exists()) {
      return examples;
    }
    try (InputStream in = resource.getInputStream()) {
      Json.mapper().readTree(in).properties().forEach(e -> examples.put(e.getKey(), e.getValue()));
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + EXAMPLES, e);
    }
    return examples;
  }
}
