{{/* Names. */}}
{{- define "scimbridge.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "scimbridge.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "scimbridge.redisName" -}}
{{- printf "%s-redis" (include "scimbridge.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels on everything, and the ones selectors use. */}}
{{- define "scimbridge.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: scimbridge
{{- if .Chart.AppVersion }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}
{{- end }}

{{- define "scimbridge.selectorLabels" -}}
app.kubernetes.io/name: {{ include "scimbridge.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: bridge
{{- end }}

{{- define "scimbridge.redisSelectorLabels" -}}
app.kubernetes.io/name: {{ include "scimbridge.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: redis
{{- end }}

{{/* The Secret that holds the scimsession, and its key. */}}
{{- define "scimbridge.sessionSecret" -}}
{{- if .Values.scimsession.existingSecret }}
{{- .Values.scimsession.existingSecret }}
{{- else }}
{{- printf "%s-scimsession" (include "scimbridge.fullname" .) }}
{{- end }}
{{- end }}

{{/* The Secret that holds an external Redis URL ("" when none). */}}
{{- define "scimbridge.redisURLSecret" -}}
{{- if .Values.externalRedis.existingSecret }}
{{- .Values.externalRedis.existingSecret }}
{{- else if .Values.externalRedis.url }}
{{- printf "%s-redis-url" (include "scimbridge.fullname" .) }}
{{- end }}
{{- end }}

{{/* The Secret that holds the monitoring token ("" when none). */}}
{{- define "scimbridge.monitoringSecret" -}}
{{- if .Values.monitoring.existingSecret }}
{{- .Values.monitoring.existingSecret }}
{{- else if .Values.monitoring.token }}
{{- printf "%s-monitoring" (include "scimbridge.fullname" .) }}
{{- end }}
{{- end }}

{{/* The claim that keeps Let's Encrypt's account and certificates. */}}
{{- define "scimbridge.certificatesClaim" -}}
{{- if .Values.tls.storage.existingClaim }}
{{- .Values.tls.storage.existingClaim }}
{{- else }}
{{- printf "%s-certificates" (include "scimbridge.fullname" .) }}
{{- end }}
{{- end }}

{{/* TLS in the container: "true" or "". */}}
{{- define "scimbridge.tls" -}}
{{- if .Values.tls.mode }}true{{ end }}
{{- end }}

{{/* The Service's port. */}}
{{- define "scimbridge.servicePort" -}}
{{- if .Values.service.port }}{{ .Values.service.port }}{{ else if include "scimbridge.tls" . }}443{{ else }}3002{{ end }}
{{- end }}

{{/*
Refuse settings that cannot work, with a message that says what to change.
*/}}
{{- define "scimbridge.validate" -}}
{{- $redis := or .Values.redis.enabled (include "scimbridge.redisURLSecret" .) }}
{{- if and (not $redis) (or (gt (int .Values.replicaCount) 1) .Values.autoscaling.enabled) }}
{{- fail "several replicas need Redis (they share the confirmation watcher's lock through it): set redis.enabled=true or externalRedis.url, or replicaCount=1" }}
{{- end }}
{{- if and .Values.redis.enabled (or .Values.externalRedis.url .Values.externalRedis.existingSecret) }}
{{- fail "set either redis.enabled or externalRedis, not both" }}
{{- end }}
{{- if not (has .Values.tls.mode (list "" "letsencrypt" "certificate")) }}
{{- fail "tls.mode must be \"\", \"letsencrypt\" or \"certificate\"" }}
{{- end }}
{{- if and (eq .Values.tls.mode "letsencrypt") (not .Values.tls.domain) }}
{{- fail "tls.mode=letsencrypt needs tls.domain (the bridge's DNS name)" }}
{{- end }}
{{- if and (eq .Values.tls.mode "letsencrypt") (or (gt (int .Values.replicaCount) 1) .Values.autoscaling.enabled) }}
{{- fail "tls.mode=letsencrypt runs one replica (its certificate volume is ReadWriteOnce): set replicaCount=1, or terminate TLS at an Ingress for several" }}
{{- end }}
{{- if and (eq .Values.tls.mode "certificate") (not .Values.tls.certificateSecret) }}
{{- fail "tls.mode=certificate needs tls.certificateSecret (a kubernetes.io/tls Secret)" }}
{{- end }}
{{- if and (not .Values.scimsession.existingSecret) (not .Values.scimsession.contents) }}
{{- fail "the bridge needs its scimsession: --set-file scimsession.contents=./scimsession, or scimsession.existingSecret" }}
{{- end }}
{{- if and .Values.monitoring.serviceMonitor.enabled (not (include "scimbridge.monitoringSecret" .)) }}
{{- fail "the ServiceMonitor needs the monitoring token: monitoring.token or monitoring.existingSecret" }}
{{- end }}
{{- end }}
