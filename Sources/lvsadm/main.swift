print("lvsadm")
