# The task execution role: ECS uses it to pull the image, write the logs
# and read the scimsession secret. The bridge itself calls no AWS API, so
# the task has no task role.

data "aws_iam_policy_document" "assume_ecs_tasks" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "execution" {
  name_prefix        = substr("${local.name}-exec-", 0, 38)
  assume_role_policy = data.aws_iam_policy_document.assume_ecs_tasks.json
  tags               = local.tags
}

resource "aws_iam_role_policy_attachment" "execution" {
  role       = aws_iam_role.execution.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

data "aws_iam_policy_document" "read_scimsession" {
  statement {
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [aws_secretsmanager_secret.scimsession.arn]
  }
}

resource "aws_iam_role_policy" "read_scimsession" {
  name   = "read-scimsession"
  role   = aws_iam_role.execution.id
  policy = data.aws_iam_policy_document.read_scimsession.json
}
