# An ECS task with mistakes the drift tests must catch.

locals {
  bridge = {
    name    = "scimbridge"
    image   = var.image
    command = ["serve"]
    user    = "0"

    portMappings = [
      { containerPort = 80, hostPort = 80, protocol = "tcp" },
    ]

    environment = [
      { name = "OP_REDIS_HOSTNAME", value = "localhost" },
      { name = "OP_SESSION", value = "/run/scimsession" },
    ]
  }
}

variable "image" {
  type    = string
  default = "ghcr.io/scimbridge/scimbridge:latest"
}

variable "health_check_path" {
  type    = string
  default = "/"

  validation {
    condition     = contains(["/", "/status"], var.health_check_path)
    error_message = "a path"
  }
}

resource "aws_lb_target_group" "this" {
  port = 3002

  health_check {
    path = var.health_check_path
  }
}
