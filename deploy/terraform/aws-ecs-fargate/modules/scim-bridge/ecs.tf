# The ECS cluster, the task (bridge and Redis) and the service.

resource "aws_ecs_cluster" "this" {
  name = local.name
  tags = local.tags
}

locals {
  log_options = {
    "awslogs-group"         = aws_cloudwatch_log_group.this.name
    "awslogs-region"        = data.aws_region.current.region
    "awslogs-stream-prefix" = "ecs"
  }

  # The bridge. Its settings are the 1Password bridge's OP_* variables.
  bridge_container = {
    name      = "scimbridge"
    image     = var.image
    command   = ["serve"]
    essential = true
    cpu       = var.bridge_cpu
    memory    = var.bridge_memory
    # uid/gid 999, as the image says; written out so it is visible here.
    user                   = "999:999"
    readonlyRootFilesystem = true

    portMappings = [
      {
        containerPort = 3002
        hostPort      = 3002
        protocol      = "tcp"
      }
    ]

    environment = concat(
      [
        { name = "OP_REDIS_URL", value = local.redis_url },
        { name = "OP_CONFIRMATION_INTERVAL", value = tostring(var.confirmation_interval) },
        { name = "OP_JSON_LOGS", value = "1" },
      ],
      var.account_url == "" ? [] : [
        { name = "SCIMBRIDGE_ACCOUNT_URL", value = var.account_url },
      ],
    )

    # The scimsession's base64, from Secrets Manager.
    secrets = [
      { name = "OP_SESSION", valueFrom = aws_secretsmanager_secret.scimsession.arn },
    ]

    # Start after Redis (the bridge would also start and keep serving
    # without it; the 1Password bridge would exit).
    dependsOn = local.bundled_redis ? [{ containerName = "redis", condition = "START" }] : []

    # The image has no shell: the binary checks its own /ping.
    healthCheck = {
      command     = ["CMD", "/scimbridge", "healthcheck"]
      interval    = 30
      timeout     = 5
      retries     = 3
      startPeriod = 10
    }

    logConfiguration = {
      logDriver = "awslogs"
      options   = local.log_options
    }
  }

  # Redis next to the bridge: a cache without persistence, with the flags
  # of the 1Password examples. (Those examples pass them in REDIS_ARGS,
  # which the official redis image does not read; here they are the
  # command.)
  redis_container = {
    name      = "redis"
    image     = var.redis_image
    command   = ["redis-server", "--maxmemory", "256mb", "--maxmemory-policy", "volatile-lru", "--save", ""]
    essential = true
    cpu       = 128
    memory    = 512

    portMappings = [
      {
        containerPort = 6379
        hostPort      = 6379
        protocol      = "tcp"
      }
    ]

    logConfiguration = {
      logDriver = "awslogs"
      options   = local.log_options
    }
  }
}

data "aws_region" "current" {}

resource "aws_ecs_task_definition" "this" {
  family                   = local.name
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.task_cpu
  memory                   = var.task_memory
  execution_role_arn       = aws_iam_role.execution.arn

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = var.cpu_architecture
  }

  container_definitions = jsonencode(concat(
    [local.bridge_container],
    local.bundled_redis ? [local.redis_container] : [],
  ))

  tags = local.tags
}

resource "aws_ecs_service" "this" {
  name            = local.name
  cluster         = aws_ecs_cluster.this.id
  task_definition = aws_ecs_task_definition.this.arn
  desired_count   = var.desired_count
  launch_type     = "FARGATE"

  # Time for the bridge to start before the ALB's checks count.
  health_check_grace_period_seconds = 30

  network_configuration {
    subnets          = data.aws_subnets.this.ids
    security_groups  = [aws_security_group.service.id]
    assign_public_ip = var.assign_public_ip
  }

  load_balancer {
    target_group_arn = aws_lb_target_group.this.arn
    container_name   = "scimbridge"
    container_port   = local.bridge_port
  }

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  lifecycle {
    precondition {
      condition     = var.desired_count <= 1 || var.redis_url != ""
      error_message = "desired_count above 1 needs redis_url: the tasks share the confirmation watcher's lock through one Redis (a Redis container per task would give each its own)."
    }
  }

  depends_on = [aws_lb_listener.https]

  tags = local.tags
}
