{{/*
Helpers shared by every template. A "component context" is a dict with
  root: the chart's top-level context ($), name: the component key (gateway|retrieval|memory|llm),
  c: that component's values (.Values.<name>).
*/}}

{{/* Chart name, overridable with nameOverride. */}}
{{- define "engram.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Fully qualified app name: release-chart, or the release name alone when it already contains the chart name (63 chars, DNS-1123). */}}
{{- define "engram.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Chart name and version, as used by the helm.sh/chart label. */}}
{{- define "engram.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The four components in a stable order; every per-component template ranges over this list. */}}
{{- define "engram.components" -}}
gateway retrieval memory llm
{{- end -}}

{{/* Common labels (app.kubernetes.io/*) put on every object the chart renders. */}}
{{- define "engram.labels" -}}
helm.sh/chart: {{ include "engram.chart" . }}
{{ include "engram.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: engram
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Selector labels of the whole release (name + instance); never change them between upgrades. */}}
{{- define "engram.selectorLabels" -}}
app.kubernetes.io/name: {{ include "engram.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Labels of one component's objects: the common labels plus app.kubernetes.io/component. */}}
{{- define "engram.componentLabels" -}}
{{ include "engram.labels" .root }}
app.kubernetes.io/component: {{ .name }}
{{- end -}}

{{/* Selector labels of one component's pods. */}}
{{- define "engram.componentSelectorLabels" -}}
{{ include "engram.selectorLabels" .root }}
app.kubernetes.io/component: {{ .name }}
{{- end -}}

{{/* Name of one component's objects (Deployment, Service, ConfigMap, ...): fullname-component, 63 chars. */}}
{{- define "engram.componentFullname" -}}
{{- printf "%s-%s" (include "engram.fullname" .root) .name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Full image reference registry/repository:tag (or @digest) of one component; the tag defaults to the chart's appVersion. */}}
{{- define "engram.image" -}}
{{- $registry := coalesce .root.Values.global.imageRegistry .root.Values.image.registry -}}
{{- $tag := default .root.Chart.AppVersion (default .root.Values.image.tag .c.image.tag) | toString -}}
{{- $ref := ternary .c.image.repository (printf "%s/%s" $registry .c.image.repository) (empty $registry) -}}
{{- if .c.image.digest -}}
{{- printf "%s@%s" $ref .c.image.digest -}}
{{- else -}}
{{- printf "%s:%s" $ref $tag -}}
{{- end -}}
{{- end -}}

{{/* ServiceAccount name of one component. */}}
{{- define "engram.serviceAccountName" -}}
{{- if .root.Values.serviceAccount.create -}}
{{- default (include "engram.componentFullname" .) .c.serviceAccountName -}}
{{- else -}}
{{- default "default" .c.serviceAccountName -}}
{{- end -}}
{{- end -}}

{{/* Name of the chart-managed Secret (holds every generated or given secret value). */}}
{{- define "engram.secretName" -}}
{{- include "engram.fullname" . -}}
{{- end -}}

{{/* In-cluster base URL of one component's HTTP port, e.g. http://engram-retrieval:8081. */}}
{{- define "engram.componentUrl" -}}
{{- $c := index .root.Values .name -}}
{{- printf "http://%s:%v" (include "engram.componentFullname" .) $c.service.port -}}
{{- end -}}

{{/* JDBC URL built from postgresql.* unless postgresql.url is given. */}}
{{- define "engram.jdbcUrl" -}}
{{- $pg := .Values.postgresql -}}
{{- if $pg.url -}}
{{- $pg.url -}}
{{- else -}}
{{- printf "jdbc:postgresql://%s:%v/%s" $pg.host $pg.port $pg.database -}}
{{- with $pg.parameters }}?{{ . }}{{ end -}}
{{- end -}}
{{- end -}}

{{/* Name of the Secret holding the identity secret and admin key: the existing one, the chart's Secret (both values given), or the generated one. */}}
{{- define "engram.authSecretName" -}}
{{- $a := .Values.auth -}}
{{- if $a.existingSecret -}}
{{- $a.existingSecret -}}
{{- else if and $a.identitySecret $a.adminKey -}}
{{- include "engram.secretName" . -}}
{{- else -}}
{{- include "engram.generatedSecretName" . -}}
{{- end -}}
{{- end -}}

{{/* Name of the install-time Secret with generated values (a pre-install hook, kept on upgrade and uninstall). */}}
{{- define "engram.generatedSecretName" -}}
{{- printf "%s-auth" (include "engram.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Checksum of everything secret that the user set in values (never of generated values, which would roll pods on every render). */}}
{{- define "engram.secretInputsChecksum" -}}
{{- /* the replica settings are not secret: they are in the ConfigMaps of retrieval and memory, whose checksum rolls those two */ -}}
{{- $in := dict "auth" .Values.auth "pg" (omit .Values.postgresql "replica") "redis" .Values.redis "model" .Values.modelProvider -}}
{{- toJson $in | sha256sum -}}
{{- end -}}

{{/* Renders a NetworkPolicy egress rule to an external dependency: peers from cidrs + peers, or any destination when both are empty. */}}
{{- define "engram.egressRule" -}}
- ports:
  {{- range .ports }}
    - protocol: TCP
      port: {{ . }}
  {{- end }}
  {{- if or .cidrs .peers }}
  to:
    {{- range .cidrs }}
    - ipBlock:
        cidr: {{ . }}
    {{- end }}
    {{- with .peers }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  {{- end }}
{{- end -}}

{{/* Non-secret environment of one component (the data of its ConfigMap). */}}
{{- define "engram.componentConfig" -}}
{{- $v := .root.Values -}}
{{- $pg := $v.postgresql -}}
{{- $env := dict -}}
{{- $_ := set $env "PORT" (toString .c.containerPort) -}}
{{- $_ := set $env "MANAGEMENT_SERVER_PORT" (toString $v.management.port) -}}
{{- $_ := set $env "JDK_JAVA_OPTIONS" .c.javaOpts -}}
{{- $_ := set $env "ENGRAM_DB_POOL_SIZE" (toString $pg.poolSize) -}}
{{- /* DJL unpacks the tokenizer native library under $DJL_CACHE_DIR (default ~/.djl.ai): keep it on the writable /tmp */ -}}
{{- $_ := set $env "DJL_CACHE_DIR" "/tmp/djl" -}}
{{- if not (and $pg.existingSecret $pg.existingSecretJdbcUrlKey) -}}
{{- $_ := set $env "ENGRAM_DB_URL" (include "engram.jdbcUrl" .root) -}}
{{- end -}}
{{- if not (and $pg.existingSecret $pg.existingSecretUsernameKey) -}}
{{- $_ := set $env "ENGRAM_DB_USER" $pg.username -}}
{{- end -}}
{{- /* the read replica of search recall and memory recall: only the services that read there */ -}}
{{- if and (has .name (list "retrieval" "memory")) $pg.replica $pg.replica.url -}}
{{- $_ := set $env "ENGRAM_DB_REPLICA_URL" $pg.replica.url -}}
{{- with $pg.replica.maxLag -}}
{{- $_ := set $env "ENGRAM_DB_REPLICA_MAX_LAG" . -}}
{{- end -}}
{{- end -}}
{{- if has .name (list "gateway" "llm") -}}
{{- $_ := set $env "ENGRAM_RETRIEVAL_URL" (include "engram.componentUrl" (dict "root" .root "name" "retrieval")) -}}
{{- $_ := set $env "ENGRAM_MEMORY_URL" (include "engram.componentUrl" (dict "root" .root "name" "memory")) -}}
{{- end -}}
{{- if eq .name "gateway" -}}
{{- $_ := set $env "ENGRAM_LLM_URL" (include "engram.componentUrl" (dict "root" .root "name" "llm")) -}}
{{- if $v.redis.enabled -}}
{{- $_ := set $env "SPRING_DATA_REDIS_HOST" $v.redis.host -}}
{{- $_ := set $env "SPRING_DATA_REDIS_PORT" (toString $v.redis.port) -}}
{{- $_ := set $env "SPRING_DATA_REDIS_SSL_ENABLED" (toString $v.redis.ssl) -}}
{{- end -}}
{{- end -}}
{{- if eq .name "memory" -}}
{{- $_ := set $env "ENGRAM_KAFKA_ENABLED" (toString $v.kafka.enabled) -}}
{{- if $v.kafka.enabled -}}
{{- $_ := set $env "SPRING_KAFKA_BOOTSTRAP_SERVERS" (required "kafka.bootstrapServers is required when kafka.enabled is true" $v.kafka.bootstrapServers) -}}
{{- end -}}
{{- end -}}
{{- if and (eq .name "llm") $v.modelProvider.enabled -}}
{{- $_ := set $env "SPRING_AI_OPENAI_BASE_URL" (required "modelProvider.baseUrl is required when modelProvider.enabled is true" $v.modelProvider.baseUrl) -}}
{{- with $v.modelProvider.model -}}
{{- $_ := set $env "SPRING_AI_OPENAI_CHAT_OPTIONS_MODEL" . -}}
{{- end -}}
{{- end -}}
{{- range $k, $val := .c.config -}}
{{- $_ := set $env $k (toString $val) -}}
{{- end -}}
{{- toYaml $env -}}
{{- end -}}

{{/* Secret environment of one component: secretKeyRef entries into the chart's Secret or the existing Secrets. */}}
{{- define "engram.componentSecretEnv" -}}
{{- $v := .root.Values -}}
{{- $own := include "engram.secretName" .root -}}
{{- $pg := $v.postgresql -}}
- name: ENGRAM_IDENTITY_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ include "engram.authSecretName" .root }}
      key: {{ ternary $v.auth.existingSecretIdentityKey "identity-secret" (not (empty $v.auth.existingSecret)) }}
{{- if eq .name "gateway" }}
- name: ENGRAM_ADMIN_KEY
  valueFrom:
    secretKeyRef:
      name: {{ include "engram.authSecretName" .root }}
      key: {{ ternary $v.auth.existingSecretAdminKeyKey "admin-key" (not (empty $v.auth.existingSecret)) }}
{{- end }}
{{- if and $pg.existingSecret $pg.existingSecretJdbcUrlKey }}
- name: ENGRAM_DB_URL
  valueFrom:
    secretKeyRef:
      name: {{ $pg.existingSecret }}
      key: {{ $pg.existingSecretJdbcUrlKey }}
{{- end }}
{{- if and $pg.existingSecret $pg.existingSecretUsernameKey }}
- name: ENGRAM_DB_USER
  valueFrom:
    secretKeyRef:
      name: {{ $pg.existingSecret }}
      key: {{ $pg.existingSecretUsernameKey }}
{{- end }}
- name: ENGRAM_DB_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ default $own $pg.existingSecret }}
      key: {{ ternary $pg.existingSecretPasswordKey "db-password" (not (empty $pg.existingSecret)) }}
{{- if and (eq .name "gateway") $v.redis.enabled (or $v.redis.password $v.redis.existingSecret) }}
- name: SPRING_DATA_REDIS_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ default $own $v.redis.existingSecret }}
      key: {{ ternary $v.redis.existingSecretPasswordKey "redis-password" (not (empty $v.redis.existingSecret)) }}
{{- end }}
{{- if and (eq .name "llm") $v.modelProvider.enabled (or $v.modelProvider.apiKey $v.modelProvider.existingSecret) }}
- name: SPRING_AI_OPENAI_API_KEY
  valueFrom:
    secretKeyRef:
      name: {{ default $own $v.modelProvider.existingSecret }}
      key: {{ ternary $v.modelProvider.existingSecretKey "model-api-key" (not (empty $v.modelProvider.existingSecret)) }}
{{- end }}
{{- end -}}

{{/* True (non-empty) when the chart must render its own Secret: some secret value is not taken from an existing Secret. */}}
{{- define "engram.createSecret" -}}
{{- $v := .Values -}}
{{- if or (eq (include "engram.authSecretName" .) (include "engram.secretName" .)) (not $v.postgresql.existingSecret) (and $v.redis.enabled $v.redis.password (not $v.redis.existingSecret)) (and $v.modelProvider.enabled $v.modelProvider.apiKey (not $v.modelProvider.existingSecret)) -}}
true
{{- end -}}
{{- end -}}
