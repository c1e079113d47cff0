"""What learners do with the content: progress, quiz attempts and submissions."""
