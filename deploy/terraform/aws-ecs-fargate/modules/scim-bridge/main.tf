# scimbridge on AWS ECS Fargate: the bridge and Redis in one task behind an
# Application Load Balancer that terminates TLS with an ACM certificate,
# the scimsession in Secrets Manager (as base64, passed as OP_SESSION), and
# the logs in CloudWatch.

locals {
  name = var.name_prefix == "" ? "scimbridge" : "${var.name_prefix}-scimbridge"

  # The parent domain: the Route 53 zone and the wildcard certificate's.
  parent_domain = join(".", slice(split(".", var.domain_name), 1, length(split(".", var.domain_name))))

  # Without a shared Redis each task runs its own Redis container, reached
  # on localhost (containers of a Fargate task share its network).
  bundled_redis = var.redis_url == ""
  redis_url     = local.bundled_redis ? "redis://localhost:6379" : var.redis_url

  # The bridge's plain HTTP port: the ALB terminates TLS and forwards here.
  bridge_port = 3002

  tags = var.tags
}

# --- network ------------------------------------------------------------------

data "aws_vpc" "this" {
  default = var.vpc_name == "" ? true : null

  dynamic "filter" {
    for_each = var.vpc_name == "" ? [] : [var.vpc_name]
    content {
      name   = "tag:Name"
      values = [filter.value]
    }
  }
}

data "aws_subnets" "this" {
  filter {
    name   = "vpc-id"
    values = [data.aws_vpc.this.id]
  }
}

# --- logs ---------------------------------------------------------------------

# One log group; the streams are named ecs/scimbridge/<task> and
# ecs/redis/<task>. The bridge writes JSON lines with a request_id.
resource "aws_cloudwatch_log_group" "this" {
  name              = "/ecs/${local.name}"
  retention_in_days = var.log_retention_days
  tags              = local.tags
}

# --- the scimsession ----------------------------------------------------------

# The scimsession, base64-encoded, as the secret's plain text (not JSON,
# not quoted). The bridge accepts OP_SESSION as a file path, the file's
# JSON, or its base64.
resource "aws_secretsmanager_secret" "scimsession" {
  name_prefix             = "${local.name}-scimsession-"
  description             = "The scimbridge scimsession (base64), read by the bridge as OP_SESSION."
  recovery_window_in_days = 7
  tags                    = local.tags
}

# Made from the file when one is given. Its contents are then in the
# Terraform state too: keep the state as safe as the file.
resource "aws_secretsmanager_secret_version" "scimsession" {
  count = var.scimsession_file == null ? 0 : 1

  secret_id     = aws_secretsmanager_secret.scimsession.id
  secret_string = filebase64(var.scimsession_file)
}
