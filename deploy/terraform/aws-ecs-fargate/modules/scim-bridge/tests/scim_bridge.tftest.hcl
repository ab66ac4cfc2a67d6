# Plans and applies the module against a mocked AWS provider (no account,
# no credentials; Terraform 1.7 or later):
#   terraform init -backend=false && terraform test
# The mocks give the values AWS would (ARNs, the certificate's validation
# record) where the provider checks their shape.

mock_provider "aws" {
  mock_data "aws_subnets" {
    defaults = {
      ids = ["subnet-1", "subnet-2"]
    }
  }
  mock_data "aws_region" {
    defaults = {
      region = "us-east-1"
    }
  }
  mock_data "aws_iam_policy_document" {
    defaults = {
      json = "{}"
    }
  }
  mock_data "aws_acm_certificate" {
    defaults = {
      arn = "arn:aws:acm:us-east-1:123456789012:certificate/wildcard"
    }
  }
  mock_resource "aws_acm_certificate" {
    defaults = {
      arn = "arn:aws:acm:us-east-1:123456789012:certificate/scim"
      domain_validation_options = [{
        domain_name           = "scim.example.com"
        resource_record_name  = "_x.scim.example.com."
        resource_record_type  = "CNAME"
        resource_record_value = "_y.acm-validations.aws."
      }]
    }
  }
  mock_resource "aws_acm_certificate_validation" {
    defaults = {
      certificate_arn = "arn:aws:acm:us-east-1:123456789012:certificate/scim"
    }
  }
  mock_resource "aws_iam_role" {
    defaults = {
      arn = "arn:aws:iam::123456789012:role/scimbridge-exec"
    }
  }
  mock_resource "aws_secretsmanager_secret" {
    defaults = {
      arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:scimbridge-scimsession"
    }
  }
  mock_resource "aws_lb" {
    defaults = {
      arn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/scimbridge/1"
    }
  }
  mock_resource "aws_lb_target_group" {
    defaults = {
      arn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/scim/1"
    }
  }
  mock_resource "aws_ecs_task_definition" {
    defaults = {
      arn = "arn:aws:ecs:us-east-1:123456789012:task-definition/scimbridge:1"
    }
  }
  mock_resource "aws_ecs_cluster" {
    defaults = {
      arn = "arn:aws:ecs:us-east-1:123456789012:cluster/scimbridge"
    }
  }
}

variables {
  domain_name = "scim.example.com"
}

# The 1Password example's shape: bridge and Redis in one task, the ALB
# checking /app with 200,301,302, the scimsession as OP_SESSION from
# Secrets Manager.
run "bridge_and_redis_in_one_task" {
  command = apply

  assert {
    condition     = [for c in jsondecode(aws_ecs_task_definition.this.container_definitions) : c.name] == ["scimbridge", "redis"]
    error_message = "The task should run the bridge and Redis."
  }
  assert {
    condition     = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].secrets[0].name == "OP_SESSION"
    error_message = "The bridge should get OP_SESSION from Secrets Manager."
  }
  assert {
    condition     = aws_lb_target_group.this.health_check[0].path == "/app" && aws_lb_target_group.this.health_check[0].matcher == "200,301,302"
    error_message = "The ALB should check /app with 200,301,302."
  }
  assert {
    condition     = length(aws_route53_record.validation) == 1 && length(aws_route53_record.bridge) == 1
    error_message = "With Route 53, the validation and the bridge's records are made."
  }
}

run "wildcard_certificate_and_other_dns" {
  command = plan

  variables {
    wildcard_cert = true
    using_route53 = false
    name_prefix   = "acme"
  }
  assert {
    condition     = length(aws_acm_certificate.this) == 0 && length(aws_route53_record.bridge) == 0
    error_message = "No certificate request and no DNS record."
  }
}

run "ping_health_check" {
  command = plan

  variables {
    health_check_path = "/ping"
  }
  assert {
    condition     = aws_lb_target_group.this.health_check[0].path == "/ping"
    error_message = "The ALB should check /ping."
  }
}

run "root_is_not_a_health_check" {
  command = plan

  variables {
    health_check_path = "/"
  }
  expect_failures = [var.health_check_path]
}

run "several_tasks_need_a_shared_redis" {
  command = plan

  variables {
    desired_count = 2
  }
  expect_failures = [aws_ecs_service.this]
}

run "several_tasks_with_a_shared_redis" {
  command = apply

  variables {
    desired_count = 2
    redis_url     = "rediss://redis.example.com:6379"
  }
  assert {
    condition     = length(jsondecode(aws_ecs_task_definition.this.container_definitions)) == 1
    error_message = "With a shared Redis the task runs the bridge only."
  }
}
