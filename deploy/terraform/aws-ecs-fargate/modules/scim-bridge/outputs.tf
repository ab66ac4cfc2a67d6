output "loadbalancer_dns_name" {
  description = "The load balancer's DNS name: with another DNS provider, point a CNAME for domain_name here."
  value       = aws_lb.this.dns_name
}

output "log_group_name" {
  description = "The CloudWatch log group; streams ecs/scimbridge/<task> and ecs/redis/<task>."
  value       = aws_cloudwatch_log_group.this.name
}

output "scimsession_secret_arn" {
  description = "The Secrets Manager secret that holds the scimsession's base64 (OP_SESSION)."
  value       = aws_secretsmanager_secret.scimsession.arn
}

output "cluster_name" {
  description = "The ECS cluster."
  value       = aws_ecs_cluster.this.name
}

output "service_name" {
  description = "The ECS service (restart it with aws ecs update-service --force-new-deployment after replacing the secret)."
  value       = aws_ecs_service.this.name
}
