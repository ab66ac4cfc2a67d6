# The variables of the 1Password SCIM bridge's ECS Fargate example keep
# their names and meanings (domain_name, wildcard_cert, using_route53,
# vpc_name, name_prefix, log_retention_days, tags); the others are
# scimbridge's additions, all optional.

variable "domain_name" {
  description = "The bridge's full domain name (e.g. scim.example.com). The ALB serves it with an ACM certificate."
  type        = string
}

variable "wildcard_cert" {
  description = "Use an existing, issued ACM wildcard certificate for the parent domain (*.example.com) instead of requesting one."
  type        = bool
  default     = false
}

variable "using_route53" {
  description = "Create the DNS record (and the certificate's validation records) in the Route 53 zone of the parent domain. Set false for another DNS provider: then create a CNAME to the loadbalancer-dns-name output yourself."
  type        = bool
  default     = true
}

variable "vpc_name" {
  description = "The Name tag of the VPC to deploy in. Empty: the region's default VPC."
  type        = string
  default     = ""
}

variable "name_prefix" {
  description = "A prefix for the names of the AWS resources created."
  type        = string
  default     = ""
}

variable "log_retention_days" {
  description = "How long CloudWatch keeps the logs, in days. 0 keeps them forever."
  type        = number
  default     = 0
}

variable "tags" {
  description = "Tags added to every AWS resource that takes them."
  type        = map(string)
  default     = {}
}

variable "scimsession_file" {
  description = "Path of the scimsession file. When set, its contents (base64) become the Secrets Manager secret the bridge reads as OP_SESSION. When null, put the base64 of the file into the secret yourself (see the README)."
  type        = string
  default     = null
}

variable "image" {
  description = "The scimbridge image."
  type        = string
  default     = "ghcr.io/scimbridge/scimbridge:latest"
}

variable "cpu_architecture" {
  description = "X86_64 or ARM64 (the image is built for both; ARM64 Fargate costs less)."
  type        = string
  default     = "X86_64"

  validation {
    condition     = contains(["X86_64", "ARM64"], var.cpu_architecture)
    error_message = "cpu_architecture must be X86_64 or ARM64."
  }
}

variable "redis_image" {
  description = "The image of the Redis container that runs next to the bridge in each task (when redis_url is empty)."
  type        = string
  default     = "redis:7.4"
}

variable "redis_url" {
  description = "A shared Redis (e.g. ElastiCache), redis:// or rediss://. Empty: each task runs its own Redis container, as in the 1Password example, which suits one task. Required when desired_count is above 1, because the tasks share the confirmation watcher's lock through it."
  type        = string
  default     = ""
  sensitive   = true
}

variable "desired_count" {
  description = "How many bridge tasks to run. scimbridge supports several (the 1Password bridge supports one); more than one needs redis_url."
  type        = number
  default     = 1
}

variable "task_cpu" {
  description = "The task's CPU units (bridge and Redis together; a Fargate size). See docs/operations.md for sizes by number of people."
  type        = number
  default     = 256
}

variable "task_memory" {
  description = "The task's memory in MiB (a Fargate size valid for task_cpu)."
  type        = number
  default     = 1024
}

variable "bridge_cpu" {
  description = "CPU units reserved for the bridge container (128 is the published size for fewer than 1,000 people)."
  type        = number
  default     = 128
}

variable "bridge_memory" {
  description = "Memory in MiB for the bridge container."
  type        = number
  default     = 512
}

variable "confirmation_interval" {
  description = "OP_CONFIRMATION_INTERVAL: seconds between runs of the confirmation watcher."
  type        = number
  default     = 300
}

variable "account_url" {
  description = "SCIMBRIDGE_ACCOUNT_URL: the account service's URL, when it is not the one the scimsession names."
  type        = string
  default     = ""
}

variable "health_check_path" {
  description = "The ALB health check path: /app (the status page, as in the 1Password examples, matcher 200,301,302) or /ping (no authentication, no work)."
  type        = string
  default     = "/app"

  validation {
    condition     = contains(["/app", "/ping"], var.health_check_path)
    error_message = "health_check_path must be /app or /ping."
  }
}

variable "assign_public_ip" {
  description = "Give tasks a public IP, so that in a VPC without NAT (like the default VPC) they can pull images and reach Secrets Manager."
  type        = bool
  default     = true
}
