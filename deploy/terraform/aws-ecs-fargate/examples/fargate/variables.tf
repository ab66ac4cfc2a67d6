# The 1Password SCIM bridge Fargate example's variables, with the same
# names and defaults; set them in terraform.tfvars (copy
# terraform.tfvars.template).

variable "aws_region" {
  description = "The AWS region to deploy in."
  type        = string
  default     = "us-east-1"
}

variable "domain_name" {
  description = "The bridge's full domain name, e.g. scim.example.com."
  type        = string
}

variable "wildcard_cert" {
  description = "Use an existing ACM wildcard certificate (*.example.com)."
  type        = bool
  default     = false
}

variable "using_route53" {
  description = "Create the DNS records in Route 53. False: create a CNAME to the loadbalancer-dns-name output at your DNS provider."
  type        = bool
  default     = true
}

variable "vpc_name" {
  description = "The Name tag of the VPC to use; empty for the region's default VPC."
  type        = string
  default     = ""
}

variable "name_prefix" {
  description = "A prefix for the names of the AWS resources created."
  type        = string
  default     = ""
}

variable "log_retention_days" {
  description = "Days to keep the logs; 0 keeps them forever."
  type        = number
  default     = 0
}

variable "tags" {
  description = "Tags added to every AWS resource that takes them."
  type        = map(string)
  default     = {}
}

# scimbridge's additions.

variable "image" {
  description = "The scimbridge image (the version to run: change it to upgrade)."
  type        = string
  default     = "ghcr.io/scimbridge/scimbridge:latest"
}

variable "health_check_path" {
  description = "The ALB health check path: /app or /ping."
  type        = string
  default     = "/app"
}

variable "redis_url" {
  description = "A shared Redis (redis:// or rediss://) for several tasks; empty runs Redis in each task."
  type        = string
  default     = ""
  sensitive   = true
}

variable "desired_count" {
  description = "How many bridge tasks; more than one needs redis_url."
  type        = number
  default     = 1
}
