{{/* Names ----------------------------------------------------------------------- */}}

{{- define "gurumisha.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "gurumisha.fullname" -}}
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

{{/* "<fullname>-<component>", e.g. gurumisha-sidecar. Call with (list . "sidecar"). */}}
{{- define "gurumisha.componentName" -}}
{{- $root := index . 0 -}}
{{- printf "%s-%s" (include "gurumisha.fullname" $root | trunc 50 | trimSuffix "-") (index . 1) }}
{{- end }}

{{- define "gurumisha.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "gurumisha.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "gurumisha.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* Labels. Selector labels take (list . "component"). ------------------------------ */}}

{{- define "gurumisha.labels" -}}
helm.sh/chart: {{ include "gurumisha.chart" . }}
app.kubernetes.io/name: {{ include "gurumisha.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: gurumisha
{{- end }}

{{- define "gurumisha.selectorLabels" -}}
{{- $root := index . 0 -}}
app.kubernetes.io/name: {{ include "gurumisha.name" $root }}
app.kubernetes.io/instance: {{ $root.Release.Name }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end }}

{{- define "gurumisha.componentLabels" -}}
{{ include "gurumisha.labels" (index . 0) }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end }}

{{/* Images ------------------------------------------------------------------------ */}}

{{/* repository@digest when a digest is set (what the deploy workflow does: the
     image that was built, scanned and described by its SBOM), else repository:tag. */}}
{{- define "gurumisha.imageRef" -}}
{{- $image := index . 0 -}}
{{- if $image.digest -}}
{{- printf "%s@%s" $image.repository $image.digest }}
{{- else -}}
{{- printf "%s:%s" $image.repository (default (index . 1) $image.tag | toString) }}
{{- end -}}
{{- end }}

{{- define "gurumisha.image" -}}
{{- include "gurumisha.imageRef" (list .Values.image .Chart.AppVersion) }}
{{- end }}

{{- define "gurumisha.strapiImage" -}}
{{- include "gurumisha.imageRef" (list .Values.strapi.image .Chart.AppVersion) }}
{{- end }}

{{/* Application settings ------------------------------------------------------------ */}}

{{/* The non-secret settings as a map: values' settings without empty entries, plus
     STRAPI_URL defaulting to the in-cluster Strapi Service. */}}
{{- define "gurumisha.settings" -}}
{{- $settings := dict }}
{{- range $key, $value := .Values.settings }}
{{- if ne (toString $value) "" }}
{{- $_ := set $settings $key (toString $value) }}
{{- end }}
{{- end }}
{{- if and .Values.strapi.enabled (not .Values.settings.STRAPI_URL) }}
{{- $_ := set $settings "STRAPI_URL" (printf "http://%s:1337" (include "gurumisha.componentName" (list . "strapi"))) }}
{{- end }}
{{- toYaml $settings }}
{{- end }}

{{/* Secret keys of secrets.existingSecret read by the gurumisha image: name -> required. */}}
{{- define "gurumisha.secretKeys" -}}
DATABASE_URL: true
REDIS_URL: true
CELERY_BROKER_URL: true
JWT_SECRET: true
STRAPI_API_TOKEN: false
STRAPI_WEBHOOK_SECRET: false
TWILIO_AUTH_TOKEN: false
SMTP_PASSWORD: false
FRONTEND_REVALIDATE_SECRET: false
AWS_ACCESS_KEY_ID: false
AWS_SECRET_ACCESS_KEY: false
{{- end }}

{{/* env entries reading every secret key from the existing Secret. */}}
{{- define "gurumisha.secretEnv" -}}
{{- $secret := required "secrets.existingSecret is required: the name of an existing Secret (see docs/DEPLOYMENT.md)" .Values.secrets.existingSecret }}
{{- range $key, $required := include "gurumisha.secretKeys" . | fromYaml }}
- name: {{ $key }}
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ $key }}
      {{- if not $required }}
      optional: true
      {{- end }}
{{- end }}
{{- end }}

{{/* Environment of every gurumisha container: the ConfigMap plus the secret keys. */}}
{{- define "gurumisha.containerEnv" -}}
envFrom:
  - configMapRef:
      name: {{ include "gurumisha.componentName" (list . "settings") }}
env:
  {{- include "gurumisha.secretEnv" . | trim | nindent 2 }}
{{- end }}

{{/* Writable scratch space under a read-only root filesystem. */}}
{{- define "gurumisha.scratchVolumeMounts" -}}
- name: tmp
  mountPath: /tmp
- name: workdir
  mountPath: /app
- name: data
  mountPath: /var/lib/gurumisha
{{- end }}

{{- define "gurumisha.scratchVolumes" -}}
- name: tmp
  emptyDir:
    sizeLimit: 256Mi
- name: workdir
  emptyDir:
    sizeLimit: 64Mi
- name: data
  emptyDir:
    sizeLimit: 256Mi
{{- end }}

{{/* Pod-level fields shared by the gurumisha Deployments and the migration Job. */}}
{{- define "gurumisha.podCommon" -}}
serviceAccountName: {{ include "gurumisha.serviceAccountName" . }}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
{{- end }}

{{/* Checksum of the settings, so a settings change rolls the pods. */}}
{{- define "gurumisha.settingsChecksum" -}}
checksum/settings: {{ include "gurumisha.settings" . | sha256sum }}
{{- end }}

{{/* Monitoring ---------------------------------------------------------------------- */}}

{{/* "true" when the Prometheus Operator's objects (PrometheusRule, ServiceMonitor) are
     rendered: monitoring.mode "operator", or "auto" on a cluster serving the CRD. */}}
{{- define "gurumisha.monitoring.operator" -}}
{{- $mode := .Values.monitoring.mode -}}
{{- if eq $mode "operator" -}}
true
{{- else if eq $mode "configmap" -}}
false
{{- else -}}
{{- .Capabilities.APIVersions.Has "monitoring.coreos.com/v1/PrometheusRule" }}
{{- end -}}
{{- end }}

{{- define "gurumisha.monitoring.labels" -}}
{{ include "gurumisha.componentLabels" (list . "monitoring") }}
{{- with .Values.monitoring.selectorLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}
